import contextlib
import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template import engines
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView, TemplateView

from billetnet.consent import consent_from_request

from .dates import preset_range
from .forms import EventFilterForm
from .models import Advertiser, Artist, Category, Event, Showtime, Venue
from .querysets import event_page_prefetch
from .search import known_cities, search_text, suggest
from .services import booking_click_record, booking_target_url, catalogue_version
from .slots import MEMBER_OWN, event_page_slots

HOME_SECTION_SIZE = 8
ACCOUNT_NAV = "billetnet/includes/_account_nav.html"


@functools.cache
def csrf_placeholder() -> str:
    """Stands for the member's CSRF token in a block stored for every member (see
    EventDetailView.render_member_slot, member_account_nav).

    Derived from the secret key: the same in every process, and never sent to anyone
    (each response gets its own token in its place), so that no one can write it in a
    review to have it replaced by the reader's token.
    """
    return salted_hmac("billetnet.events.csrf-placeholder", "stored-blocks").hexdigest()


def put_csrf_token(html: str, token: str) -> str:
    """`html` with the token in each hidden CSRF field rendered with the placeholder, and
    nowhere else (the form's field as `{% csrf_token %}` writes it)."""
    field = 'name="csrfmiddlewaretoken" value="{}"'
    return html.replace(field.format(csrf_placeholder()), field.format(token))


# Whole pages are kept in the shared cache and, for their next reads, in the worker's
# own memory: the most read pages then cost no round trip at all. The catalogue
# version in their keys retires both copies alike.
local_cache = caches["local"]


def cached_page(key: str) -> bytes | None:
    if (page := local_cache.get(key)) is None and (page := cache.get(key)) is not None:
        local_cache.set(key, page, settings.PAGE_CACHE_SECONDS)
    return page


def cache_page(key: str, page: bytes) -> None:
    cache.set(key, page, settings.PAGE_CACHE_SECONDS)
    local_cache.set(key, page, settings.PAGE_CACHE_SECONDS)


def is_signed_in(request) -> bool:
    """Whether the visitor signed in, read from the session without loading the member.

    Enough for the header's links, which show nothing of who they are. (A session that a
    password change elsewhere has ended shows them until the next page that loads the
    member, which ends it.)
    """
    return settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session


def account_nav(*, signed_in: bool, csrf_token: str = "") -> str:
    """The header's account links, as base.html includes them."""
    if not signed_in:
        return anonymous_account_nav()
    return put_csrf_token(member_account_nav(), csrf_token)


@functools.cache
def anonymous_account_nav() -> str:
    """The same for every anonymous visitor, as long as the process lives."""
    return render_to_string(ACCOUNT_NAV, {"signed_in": False})


def response_csrf_token(request) -> str:
    """The CSRF token put into this response's stored blocks, masked once for all of them
    (Django masks it anew on each `get_token()`: 32 characters drawn from the system's
    random source, more than the rest of putting a block in place)."""
    if (token := getattr(request, "_billetnet_csrf_token", None)) is None:
        token = request._billetnet_csrf_token = get_token(request)
    return token


@functools.cache
def member_account_nav() -> str:
    """The same for every member but their CSRF token, which takes the placeholder's place."""
    return render_to_string(ACCOUNT_NAV, {"signed_in": True, "csrf_token": csrf_placeholder()})


def slot_markers(name: str) -> tuple[bytes, bytes]:
    """Where a member slot starts and ends in a stored page (see CatalogueCacheMixin).

    HTML comments, which no text of a member or an advertiser can print: templates
    escape their `<`, member texts lose their comments to nh3 (billetnet.markup), the
    JSON-LD escapes `<`. Even so a slot is filled only when each marker is found once.
    """
    return f"<!--slot:{name}-->".encode(), f"<!--/slot:{name}-->".encode()


def fill_slot(page: bytes, name: str, content: bytes) -> bytes | None:
    """`page` with slot `name`'s stored content replaced, or None unless each of its
    markers is there exactly once, in order."""
    start, end = slot_markers(name)
    head, found, rest = page.partition(start)
    if not found or start in rest:
        return None
    _, found, tail = rest.partition(end)
    if not found or end in tail or end in head:
        return None
    return b"".join((head, start, content, end, tail))


@contextlib.contextmanager
def as_anonymous(request):
    """The page that is stored is rendered as an anonymous visitor sees it, whoever
    asked for it: nothing in it can come from the member's account."""
    user = request.user
    request.user = AnonymousUser()
    try:
        yield
    finally:
        request.user = user


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows. Past a few thousand events nobody pages on, and
    an exact count of the whole upcoming catalogue is a scan of most of it (170 ms at
    100k events, each time a page is rendered anew); pages say « plus de 2 000 »."""

    COUNT_CAP = 2000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.COUNT_CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.COUNT_CAP


class CatalogueCacheMixin:
    """Catalogue pages are cached at two depths, both keyed by the catalogue version.

    - Whole pages. A catalogue page is the same for every visitor but for the
      cookie banner, which is part of the key, the header's account links
      (`_account_nav.html`), pending messages, and the page's `member_slots`. So
      the page is rendered and stored as an anonymous visitor sees it, and a member
      gets that copy with their own links put in, and each member slot (kept in the
      stored page between `slot_markers`) rendered alone for them
      (`render_member_slot`); a visitor with a pending message gets a page of
      their own. One cache read serves it, most often from the worker's memory.
    - The main content, as a template fragment, for pages rendered. The context
      stays lazy (querysets, and the page of a paginated list), so a page whose
      fragment is cached runs none of the queries its content needs.
    """

    def dispatch(self, request, *args, **kwargs):
        key = self.page_cache_key(request)
        if key is None:
            return super().dispatch(request, *args, **kwargs)
        anonymous_nav = account_nav(signed_in=False).encode()
        signed_in = is_signed_in(request)
        page = cached_page(key)
        if page is None or not self.is_current(page, anonymous_nav, signed_in=signed_in):
            # Rendered as everyone sees it, stored, then given this visitor's own parts.
            self.shared_render = True
            with as_anonymous(request):
                response = super().dispatch(request, *args, **kwargs)
                if response.status_code != 200 or not hasattr(response, "render"):
                    return response
                page = response.render().content
            cache_page(key, page)
            self.shared_render = False
        if signed_in:
            for name in self.member_slots:
                if (content := self.render_member_slot(name)) is None:
                    continue  # the stored block is this member's too
                page = fill_slot(page, name, content.encode())
                if page is None:  # a marker twice: the member's page is rendered whole
                    return super().dispatch(request, *args, **kwargs)
            own_nav = account_nav(signed_in=True, csrf_token=response_csrf_token(request))
            page = page.replace(anonymous_nav, own_nav.encode(), 1)
        return HttpResponse(page)

    # Whether this response renders the page as everyone sees it (see the docstring).
    shared_render = False
    # The names of the parts of the page that show a member something of their own,
    # beyond the header's links (each between `slot_markers(name)` in the template).
    member_slots: tuple[str, ...] = ()

    def render_member_slot(self, name: str) -> str | None:
        """Slot `name` as this member sees it, rendered alone; None when they see the
        stored one."""
        raise NotImplementedError

    def is_current(self, page: bytes, anonymous_nav: bytes, *, signed_in: bool) -> bool:
        """False for a page stored by an older template: no links or slots to fill."""
        if anonymous_nav not in page:
            return False
        return not signed_in or all(slot_markers(name)[0] in page for name in self.member_slots)

    # The query parameters a page understands: any other one skips the whole-page
    # cache, so that made-up addresses cannot fill it.
    cache_params = frozenset({"page"})

    def page_cache_key(self, request) -> str | None:
        """The whole page's key, or None when this visitor's page must be their own."""
        if request.method != "GET" or not settings.PAGE_CACHE_SECONDS:
            return None
        if "messages" in request.COOKIES:
            return None
        # Messages kept in the session (read without marking them as seen).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and len(get_messages(request)):
            return None
        if not set(request.GET) <= self.cache_params:
            return None
        consent = consent_from_request(request).given
        path = self.cache_path_key()
        return f"events:page:{catalogue_version()}:{int(consent)}:{path}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            shared_page=self.shared_render,
            catalogue_version=catalogue_version(),
            cache_seconds=settings.PAGE_CACHE_SECONDS,
            cache_path=self.cache_path(),
            **kwargs,
        )

    def get_template_names(self):
        # ListView's would build the lazy queryset to guess a name from its model.
        return [self.template_name]

    def cache_path_key(self) -> str:
        """`cache_path()` hashed, for cache keys of a fixed length."""
        return hashlib.md5(self.cache_path().encode(), usedforsecurity=False).hexdigest()

    def cache_path(self) -> str:
        """The page's address with only the parameters it understands: the fragments' key."""
        known = sorted(
            (name, value) for name in self.cache_params for value in self.request.GET.getlist(name)
        )
        return f"{self.request.path}?{urlencode(known)}"

    paginator_class = CappedPaginator

    def paginate_queryset(self, queryset, page_size):
        # Lazy down to the paginator, which would otherwise build the queryset to check
        # its order.
        paginator = SimpleLazyObject(lambda: self.get_paginator(queryset, page_size))
        number = self.request.GET.get(self.page_kwarg) or 1
        page = SimpleLazyObject(lambda: self._page(paginator, number))
        return paginator, page, SimpleLazyObject(lambda: page.object_list), True

    def _page(self, paginator, number):
        try:
            return paginator.page(number)
        except InvalidPage as exc:
            raise Http404("Cette page de la liste n'existe pas.") from exc

    def query_string(self, *without: str) -> str:
        return query_string(self.request.GET, self.page_kwarg, *without)


class HomeView(CatalogueCacheMixin, TemplateView):
    """L'accueil. Querysets stay lazy: a cached page runs none of them."""

    template_name = "events/home.html"

    def get_context_data(self, **kwargs):
        # Even unevaluated, six querysets take the ORM a millisecond to build.
        return super().get_context_data(sections=SimpleLazyObject(self.sections), **kwargs)

    def sections(self):
        cards = Event.objects.bookable_status().upcoming().for_cards()
        return {
            "tonight": cards.playing_between(*preset_range("ce-soir")).by_date()[
                :HOME_SECTION_SIZE
            ],
            "weekend": cards.playing_between(*preset_range("ce-week-end")).by_popularity()[
                :HOME_SECTION_SIZE
            ],
            "featured": cards.by_popularity()[:HOME_SECTION_SIZE],
            "soon": cards.filter(first_showtime_at__gt=preset_range("ce-soir")[1]).order_by(
                "first_showtime_at", "pk"
            )[:HOME_SECTION_SIZE],
            "promotions": cards.with_promotion().by_date()[:HOME_SECTION_SIZE],
            "group_rates": cards.with_group_rates().by_date()[:HOME_SECTION_SIZE],
            "categories": Category.objects.all(),
        }


class EventListView(CatalogueCacheMixin, ListView):
    """The catalogue with its filters; category and city pages are the same list, narrowed."""

    template_name = "events/event_list.html"
    paginate_by = 20
    context_object_name = "events"
    cache_params = frozenset({"page", *EventFilterForm.base_fields})

    def get(self, request, *args, **kwargs):
        data = self.filter_data()
        self.filtered = data is not None
        if self.filtered:
            # Validated now, cached content or not: bad filters answer 400.
            self.form = EventFilterForm(data)
            self.form.is_valid()
        else:
            # Only the page's content shows the blank form: built if that is rendered.
            self.form = SimpleLazyObject(EventFilterForm)
        response = super().get(request, *args, **kwargs)
        if self.filtered and self.form.errors:
            response.status_code = 400
        return response

    def filter_data(self):
        return self.request.GET or None

    def base_queryset(self):
        return Event.objects.published().for_cards()

    def get_queryset(self):
        # Built when the page's content is rendered, that is not at all when it is cached.
        if self.filtered:
            return SimpleLazyObject(lambda: self.form.filter(self.base_queryset()))
        return SimpleLazyObject(lambda: self.base_queryset().upcoming().by_date())

    def get_context_data(self, **kwargs):
        # The filters panel is part of the cached content: lazy, like the list.
        cities = SimpleLazyObject(known_cities)
        return super().get_context_data(
            form=self.form,
            active_filters=SimpleLazyObject(lambda: self.form.active_filters(dict(cities))),
            query=self.query_string(),
            query_without_sort=self.query_string("tri"),
            cities=SimpleLazyObject(lambda: sorted(cities, key=lambda city: city[1])),
            **kwargs,
        )


class CategoryView(EventListView):
    template_name = "events/category_detail.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def filter_data(self):
        data = self.request.GET.copy()
        data["categorie"] = self.category.slug
        return data

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class CityView(EventListView):
    template_name = "events/city_detail.html"

    def get(self, request, *args, **kwargs):
        venue = Venue.objects.in_city(kwargs["city"]).only("city", "city_slug").first()
        if venue is None:
            raise Http404("Ville inconnue")
        self.city_name, self.city_slug = venue.city, venue.city_slug
        return super().get(request, *args, **kwargs)

    def filter_data(self):
        data = self.request.GET.copy()
        data["ville"] = self.city_slug
        return data

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            city_name=self.city_name, city_slug=self.city_slug, **kwargs
        )


class ObjectEventsView(CatalogueCacheMixin, ListView):
    """A venue, advertiser or artist page: the object, then its events, paginated."""

    paginate_by = 20
    context_object_name = "events"
    model_class = None
    include_past = False

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.model_class, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def events_of(self, obj):
        raise NotImplementedError

    def get_queryset(self):
        return self.events_of(self.object).published().for_cards().by_date()

    def get_context_data(self, **kwargs):
        name = self.model_class._meta.model_name
        return super().get_context_data(
            object=self.object, query=self.query_string(), **{name: self.object}, **kwargs
        )


class VenueView(ObjectEventsView):
    model_class = Venue
    template_name = "events/venue_detail.html"

    def events_of(self, venue):
        return Event.objects.at_venue(venue).upcoming()


class AdvertiserView(ObjectEventsView):
    model_class = Advertiser
    template_name = "events/advertiser_detail.html"

    def events_of(self, advertiser):
        return Event.objects.filter(advertiser=advertiser).upcoming()


class ArtistView(ObjectEventsView):
    """An artist's page lists every event they are credited in, past ones too."""

    model_class = Artist
    template_name = "events/artist_detail.html"

    def events_of(self, artist):
        return Event.objects.filter(credits__artist=artist).distinct()

    def get_queryset(self):
        return (
            self.events_of(self.object).published().for_cards().order_by("-last_showtime_at", "pk")
        )


class EventDetailView(CatalogueCacheMixin, DetailView):
    """The event page. `event` prefetches its lists only when the template needs
    them, that is when the cached fragment has expired; `object` never does."""

    template_name = "events/event_detail.html"
    # The reviews' sort and page (reviews_tags.event_reviews) are part of the page.
    cache_params = frozenset({"critiques", "cpage"})

    # Blocks other apps show each member in their own way (events/slots.py): the
    # reviews. Rendered alone for a member, the rest of the page shared.
    @property
    def member_slots(self) -> tuple[str, ...]:
        return tuple(slot.name for slot in event_page_slots())

    def get_queryset(self):
        return Event.objects.published().for_event_page_lazy()

    def render_member_slot(self, name: str) -> str | None:
        slot = next(slot for slot in event_page_slots() if slot.name == name)
        # Asked from the session's member id, before loading the member (who is loaded,
        # and their session checked, only to show them something of their own).
        member_id = get_user_model()._meta.pk.to_python(self.request.session[SESSION_KEY])
        view = slot.member_view(event_slug=self.kwargs["slug"], member_id=member_id)
        if view is None:
            return None
        if view == MEMBER_OWN:
            return self._render_slot(slot)
        # The block every member with nothing of their own there sees: stored once per
        # version, with a placeholder where each member's CSRF token goes.
        path = self.cache_path_key()
        # "2": blocks stored with the placeholder csrf_placeholder() replaced.
        key = f"events:slot:2:{name}:{catalogue_version()}:{view}:{path}"
        if (block := cached_page(key)) is None:
            block = self._render_slot(slot, csrf_token=csrf_placeholder()).encode()
            cache_page(key, block)
        return put_csrf_token(block.decode(), response_csrf_token(self.request))

    def _render_slot(self, slot, **context) -> str:
        event = get_object_or_404(
            Event.objects.published().only(*slot.event_fields), slug=self.kwargs["slug"]
        )
        template = slot_template(slot.template_code)
        return template.render({"object": event, **context}, self.request)

    def get_context_data(self, **kwargs):
        event = self.object
        return super().get_context_data(
            event=SimpleLazyObject(lambda: event_page_prefetch(event)), **kwargs
        )


class SearchView(TemplateView):
    """/recherche/?q=… — what people type, understood (see events/search.py)."""

    template_name = "events/search.html"
    facet_names = ("categorie", "ville", "quand", "gratuit", "a_venir")

    def get(self, request, *args, **kwargs):
        self.form = EventFilterForm(request.GET)
        self.form.is_valid()
        response = super().get(request, *args, **kwargs)
        if self.form.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        raw = self.request.GET.get("q", "")
        sort = "date" if self.request.GET.get("tri") == "date" else "pertinence"
        try:
            page = max(1, int(self.request.GET.get("page", "1")))
        except ValueError:
            page = 1
        upcoming_only = bool(self.request.GET.get("a_venir"))
        filters_used = any(self.request.GET.get(name) for name in self.facet_names)
        base = (
            self.form.filter(Event.objects.published(), upcoming_only=upcoming_only)
            if filters_used
            else None
        )
        results = search_text(
            raw, base_queryset=base, sort=sort, page=page, include_past=not upcoming_only
        )
        if page > results.num_pages:
            raise Http404("Cette page de résultats n'existe pas.")
        params = self.request.GET
        return super().get_context_data(
            q=results.query.raw,
            results=results,
            form=self.form,
            sort=sort,
            query=query_string(params, "page"),
            query_without_sort=query_string(params, "page", "tri"),
            chips=[
                (chip.label, query_string(params, "page", q=chip.query_without))
                for chip in results.query.chips
            ],
            facets=[
                (
                    name,
                    title,
                    [(f, _toggle(params, name, f.value)) for f in facets if f.count],
                )
                for name, title, facets in (
                    ("categorie", "Rubrique", results.facets.get("categorie", [])),
                    ("ville", "Ville", results.facets.get("ville", [])),
                    ("quand", "Prochaine date", results.facets.get("quand", [])),
                    ("autres", "Autres critères", results.facets.get("autres", [])),
                )
            ],
            active={name: self.request.GET.get(name, "") for name in self.facet_names},
            suggestion_query=(
                query_string(params, "page", q=results.suggestion) if results.suggestion else ""
            ),
            **kwargs,
        )


@functools.cache
def slot_template(code: str):
    """A member slot's block alone, compiled once per process."""
    return engines["django"].from_string(code)


def query_string(params, *without: str, **values: str) -> str:
    """`params` (a QueryDict) without the names in `without`, with `values` set."""
    copy = params.copy()
    for name in without:
        copy.pop(name, None)
    for name, value in values.items():
        copy[name] = value
    return copy.urlencode()


def _toggle(params, name: str, value: str) -> str:
    """The query string with this facet chosen, or without it when it already is."""
    if name == "autres":
        name, value = value, "on"
    if params.get(name) == value:
        return query_string(params, "page", name)
    return query_string(params, "page", **{name: value})


def search_suggestions(request):
    """Autocomplete: JSON, at most ten events, artists, venues and cities."""
    return JsonResponse(
        suggest(request.GET.get("q", "")),
        json_dumps_params={"ensure_ascii": False},
        headers={"Cache-Control": "public, max-age=300"},
    )


@require_http_methods(["GET", "HEAD"])
def book(request, slug):
    """« Réserver »: count the click, then send the visitor to the stored booking address.

    The target is always the event's `booking_url` (https, validated when saved);
    nothing in the request can change it. A draft, pending or unknown event, or a
    showtime of another event: 404. A cancelled or past event or showtime: a page
    that explains, and no redirect.
    """
    showtime_id = None
    if (seance := request.GET.get("seance")) is not None:
        if not (seance.isascii() and seance.isdigit() and len(seance) <= 19):
            raise Http404("Représentation inconnue.")
        showtime_id = int(seance)
    # The busiest view of the site: one statement finds the event and records the click.
    attempt = booking_click_record(slug=slug, showtime_id=showtime_id, request=request)
    if attempt is None:
        raise Http404("Événement inconnu.")
    if showtime_id is not None and attempt.showtime_id is None:
        raise Http404("Représentation inconnue.")
    if attempt.click_id is None:
        context = {
            "event": Event.objects.get(pk=attempt.event_id),
            "showtime": Showtime.objects.get(pk=showtime_id) if showtime_id else None,
            "reason": attempt.closed_reason,
        }
        return render(request, "events/booking_closed.html", context, status=410)
    response = HttpResponseRedirect(booking_target_url(attempt.booking_url))
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
