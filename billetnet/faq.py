"""The FAQ's eighteen answers, in the site's own words.

Answers are trusted HTML written by us (the template marks them safe); links use
relative paths. `updated` is the date an answer's substance last changed: the
original FAQ dates from 14 February 2020, and the answers about cookies, personal
data, moderation and contact were rewritten when the site changed.
"""

import datetime
from dataclasses import dataclass

ORIGINAL = datetime.date(2020, 2, 14)
REWRITTEN = datetime.date(2026, 11, 26)

FAQ_UPDATED = REWRITTEN


@dataclass(frozen=True)
class FaqEntry:
    number: int
    slug: str
    question: str
    answer: str
    updated: datetime.date


_NOT_A_SELLER = (
    "<p>Billetnet ne vend aucune place : nous ne pouvons donc pas intervenir à votre place.</p>"
)

_MEMBER_RESPONSIBILITY = (
    "<p>Vous êtes personnellement et seul responsable de ce que vous publiez. Vous vous engagez "
    "à respecter strictement la loi, notamment sur le respect des personnes, ainsi que les "
    "règles de courtoisie en usage sur internet (la « Netiquette »).</p>"
)

FAQ_ENTRIES = (
    FaqEntry(
        number=1,
        slug="spectacles-references",
        question="Quels événements trouve-t-on sur Billetnet ?",
        answer=(
            "<p>Billetnet présente toutes sortes d'événements : théâtre, concerts, spectacles "
            "pour enfants, loisirs, sports, et bien d'autres. Ils sont proposés par des "
            "professionnels du spectacle et des loisirs (artistes, productions, salles, "
            "organisateurs), qui les mettent en ligne eux-mêmes.</p>"
            "<p>Pour chaque événement, vous trouvez une information complète (description, "
            "distribution, lieu, critiques et échanges entre spectateurs), consultable à toute "
            "heure, 7 jours sur 7, ainsi qu'un bouton « Réserver » qui vous mène directement à "
            "la billetterie de l'organisateur.</p>"
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=2,
        slug="e-reservation-e-billet",
        question="Quelle est la différence entre l'e-réservation et l'e-billet ?",
        answer=(
            "<p>Le bouton « Réserver » vous redirige vers le site de billetterie de l'annonceur. "
            "Celui-ci vous propose le plus souvent l'une de ces deux formules :</p>"
            "<ul>"
            "<li><strong>l'e-réservation</strong> : vous pré-réservez vos places en ligne et "
            "vous les payez sur place, au guichet ;</li>"
            "<li><strong>l'e-billet</strong> : vous achetez vos places en ligne, de façon ferme "
            "et définitive, et vous recevez un billet électronique.</li>"
            "</ul>"
            "<p>Avant de payer sur un site tiers, vérifiez toujours que la connexion est "
            "sécurisée.</p>"
            "<p>Rappel : Billetnet ne facture rien, ni aux annonceurs ni à vous.</p>"
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=3,
        slug="tarifs-groupes-ce-collectivites",
        question="À qui s'adressent les tarifs « Groupes, CE et Collectivités » ?",
        answer=(
            "<p>Ces tarifs sont réservés aux comités d'entreprise (CE), aux comités "
            "d'établissement, aux associations, aux groupes, aux comités des œuvres sociales "
            "(COS), aux comités d'action sociale et culturelle (CASC) et aux autres "
            "collectivités du même type.</p>"
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=4,
        slug="quand-reserver",
        question="Jusqu'à quand puis-je réserver mes places ?",
        answer=(
            "<p>Vous pouvez réserver tant que le site officiel de l'annonceur propose des places "
            "disponibles. Billetnet ne gère pas les places et ne peut en aucun cas "
            "intervenir.</p>"
            "<p>Attention : les promotions du type « 1 place achetée = 1 place offerte » ne sont "
            "pas valables si vous venez seul.</p>"
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=5,
        slug="placement-salle",
        question="Comment se fait le placement dans la salle ?",
        answer=(
            "<p>Seul l'annonceur peut vous indiquer le placement qu'il vous réserve, lorsque "
            "vous achetez vos places sur son site officiel.</p>" + _NOT_A_SELLER
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=6,
        slug="annulation",
        question="Puis-je annuler ma réservation en cas d'empêchement ?",
        answer=(
            "<p>Les e-billets ne sont ni repris ni échangés (loi de 1919). L'achat est "
            "définitif dès le paiement en ligne : une modification ou une annulation de votre "
            "part reste à votre charge.</p>"
            "<p>Si vous devez malgré tout annuler, contactez le vendeur pour chercher une "
            "solution avec lui. Si vous avez souscrit une assurance annulation au moment de "
            "l'achat, vous pouvez aussi contacter l'assureur pour lui expliquer votre "
            "situation.</p>" + _NOT_A_SELLER
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=7,
        slug="probleme-imprimante",
        question="Je ne peux pas imprimer mon billet : que faire ?",
        answer=(
            "<p>Téléphonez au plus tôt au lieu de l'événement pour expliquer votre situation "
            "et obtenir son accord pour vous accueillir sans contremarque ni e-billet "
            "imprimé.</p>" + _NOT_A_SELLER
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=8,
        slug="venir-sans-contremarque",
        question=(
            "J'ai réservé en ligne : puis-je entrer au spectacle sans ma contremarque, "
            "en donnant simplement mon nom ?"
        ),
        answer=(
            "<p>En principe, non : pour entrer dans la salle, vous devez présenter votre "
            "contremarque ou votre e-billet, sauf accord de la salle ou de l'organisateur. Si "
            "vous êtes dans ce cas, contactez le vendeur pour chercher une solution avec "
            "lui.</p>" + _NOT_A_SELLER
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=9,
        slug="cookies",
        question="Billetnet utilise-t-il des cookies ?",
        answer=(
            "<p>Un cookie est un petit fichier qu'un site enregistre dans votre navigateur. "
            "Tant que vous n'avez pas donné votre accord, Billetnet ne dépose que les cookies "
            "strictement nécessaires au fonctionnement du site : votre session de connexion, "
            "la sécurité des formulaires et la mémoire de votre choix.</p>"
            "<p>À votre première visite, un bandeau vous demande votre choix. Refuser se fait "
            "en un clic, aussi simplement qu'accepter. Vous pouvez changer d'avis à tout moment "
            'grâce au lien « <a href="/cookies/">Gérer les cookies</a> », en bas de chaque '
            "page.</p>"
            "<p>Vous pouvez aussi bloquer les cookies dans les réglages de votre navigateur, "
            "mais vous ne pourrez alors plus vous connecter à votre compte.</p>"
            "<p>La liste des cookies et leur durée sont détaillées dans notre page "
            '<a href="/confidentialite/">Confidentialité et cookies</a>.</p>'
        ),
        updated=REWRITTEN,
    ),
    FaqEntry(
        number=10,
        slug="donnees-personnelles",
        question="Comment consulter ou modifier mes données personnelles ?",
        answer=(
            "<p>Conformément à la loi « Informatique et Libertés » du 6 janvier 1978 et au "
            "Règlement général sur la protection des données (RGPD), vous disposez d'un droit "
            "d'accès, de rectification, d'opposition et de suppression sur vos données "
            "personnelles, ainsi que d'un droit à leur portabilité.</p>"
            "<p>Si vous êtes membre, votre espace personnel, "
            '<a href="/mon-espace/">Mon Espace</a>, vous permet à tout moment :</p>'
            "<ul>"
            "<li>de consulter et de corriger vos données ;</li>"
            "<li>de télécharger l'ensemble de vos données (au format JSON) ;</li>"
            "<li>de supprimer votre compte.</li>"
            "</ul>"
            "<p>Vous pouvez aussi écrire au service modifications de Billetnet : avec le "
            '<a href="/contact/">formulaire de contact</a>, en choisissant le service '
            "« Données personnelles (service modifications) », ou à l'adresse "
            '<a href="mailto:modifications@billetnet.fr">modifications@billetnet.fr</a>.</p>'
            "<p>Pour en savoir plus, consultez notre page "
            '<a href="/confidentialite/">Confidentialité et cookies</a>.</p>'
        ),
        updated=REWRITTEN,
    ),
    FaqEntry(
        number=11,
        slug="desinscription-newsletters",
        question="Comment me désinscrire des newsletters ?",
        answer=(
            "<p>Billetnet envoie très peu de newsletters : uniquement des lettres ciblées, que "
            "vous avez demandé à recevoir. Billetnet n'envoie jamais de messages non sollicités "
            "(spam) ni de prospection.</p>"
            "<p>Pour ne plus recevoir une newsletter, il vous suffit de cliquer sur le lien de "
            "désinscription situé en bas de chaque envoi.</p>"
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=12,
        slug="securite",
        question="Quelles sont les garanties de sécurité du site ?",
        answer=(
            "<p>Billetnet est accessible uniquement en connexion sécurisée (https) et protégé "
            "contre les intrusions par un pare-feu.</p>"
            "<p>Aucun paiement n'a lieu sur Billetnet : vous ne nous communiquez jamais vos "
            "coordonnées bancaires.</p>"
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=13,
        slug="critiques",
        question="Puis-je publier des critiques ?",
        answer=(
            "<p>Oui. Les critiques servent à partager vos impressions sur les événements. Pour "
            "en publier une, connectez-vous à votre compte "
            '(<a href="/mon-espace/">Mon Espace</a>) ou créez gratuitement un compte. Vous '
            "pouvez vous exprimer librement, dans le respect des autres et en restant en "
            "rapport direct avec le spectacle.</p>" + _MEMBER_RESPONSIBILITY + "<p>Attention : "
            "les critiques ne sont pas un forum. Billetnet se réserve le droit de supprimer "
            "toute critique qui ne respecte pas les "
            '<a href="/mentions-legales/">conditions d\'utilisation</a>. Les critiques sont '
            "visibles par tous les internautes.</p>"
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=14,
        slug="forum",
        question="Puis-je participer au forum ?",
        answer=(
            "<p>Oui. Pour participer aux discussions, connectez-vous à votre compte "
            '(<a href="/mon-espace/">Mon Espace</a>) ou créez gratuitement un compte. Vous '
            "pouvez ensuite ouvrir une discussion ou répondre à un message, et exprimer "
            "librement vos impressions, dans le respect des autres et des bonnes mœurs.</p>"
            + _MEMBER_RESPONSIBILITY
            + "<p>Billetnet se réserve le droit de supprimer tout message qui ne respecte pas "
            'les <a href="/mentions-legales/">conditions d\'utilisation</a>. Les discussions '
            "sont visibles par tous les internautes.</p>"
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=15,
        slug="petites-annonces",
        question="Puis-je publier une petite annonce ?",
        answer=("<p>Non. Le service « Petites annonces » a été supprimé le 14 février 2020.</p>"),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=16,
        slug="blog",
        question="Puis-je tenir un blog sur Billetnet ?",
        answer=(
            "<p>Oui. Pour créer votre blog, connectez-vous à votre compte "
            '(<a href="/mon-espace/">Mon Espace</a>) ou créez gratuitement un compte.</p>'
            + _MEMBER_RESPONSIBILITY
        ),
        updated=ORIGINAL,
    ),
    FaqEntry(
        number=17,
        slug="moderation",
        question="Que signifie « modération » sur Billetnet ?",
        answer=(
            "<p>Billetnet dispose d'une modération active, qui veille à la sécurité et à la "
            "respectabilité des propos publiés par les internautes. Les modérateurs peuvent "
            "masquer ou supprimer une contribution qui ne respecte pas les "
            '<a href="/mentions-legales/">conditions d\'utilisation</a>, et suspendre le compte '
            "de son auteur.</p>"
            "<p>Si vous voyez un contenu choquant ou contraire aux règles, signalez-le : "
            "connecté à votre compte, cliquez sur « Signaler » sous la critique, le message du "
            "forum, l'article de blog ou le commentaire concerné, et indiquez la raison de "
            "votre signalement. Vous pouvez aussi utiliser le "
            '<a href="/contact/">formulaire de contact</a>, en choisissant le service '
            "« Modération : signaler un contenu ».</p>"
        ),
        updated=REWRITTEN,
    ),
    FaqEntry(
        number=18,
        slug="nous-contacter",
        question="Comment contacter Billetnet ?",
        answer=(
            '<p>Écrivez-nous avec le <a href="/contact/">formulaire de contact</a>, en '
            "choisissant le service concerné :</p>"
            "<ul>"
            "<li>« Question générale » ;</li>"
            "<li>« Annonceurs : publier ou gérer un événement » ;</li>"
            "<li>« Données personnelles (service modifications) » : consulter, corriger ou "
            "supprimer vos données ;</li>"
            "<li>« Modération : signaler un contenu ».</li>"
            "</ul>"
            "<p>Votre message est transmis directement au service choisi, qui vous répond par "
            "e-mail.</p>"
            "<p>Pour une question sur une réservation, un billet ou un remboursement, "
            "adressez-vous au vendeur : Billetnet ne vend aucune place.</p>"
        ),
        updated=REWRITTEN,
    ),
)
