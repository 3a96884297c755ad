"""The moderation log is append-only in the database itself, not only in the admin.

UPDATE may only clear the links to members (an account deletion sets them to NULL);
DELETE is refused. TRUNCATE, which tests use to empty tables, fires no row trigger.
"""

from django.db import migrations

APPEND_ONLY_SQL = """
CREATE FUNCTION moderation_action_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'moderation actions are append-only: % % cannot be deleted',
            TG_TABLE_NAME, OLD.id;
    END IF;
    IF (NEW.moderator_id IS DISTINCT FROM OLD.moderator_id AND NEW.moderator_id IS NOT NULL)
       OR (NEW.member_id IS DISTINCT FROM OLD.member_id AND NEW.member_id IS NOT NULL)
       OR (NEW.id, NEW.kind, NEW.case_id, NEW.content_type_id, NEW.object_id,
           NEW.target_label, NEW.reason, NEW.until, NEW.created_at)
          IS DISTINCT FROM
          (OLD.id, OLD.kind, OLD.case_id, OLD.content_type_id, OLD.object_id,
           OLD.target_label, OLD.reason, OLD.until, OLD.created_at)
    THEN
        RAISE EXCEPTION 'moderation actions are append-only: % % cannot be changed',
            TG_TABLE_NAME, OLD.id;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER moderation_action_append_only
BEFORE UPDATE OR DELETE ON moderation_moderationaction
FOR EACH ROW EXECUTE FUNCTION moderation_action_append_only();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS moderation_action_append_only ON moderation_moderationaction;
DROP FUNCTION IF EXISTS moderation_action_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunSQL(APPEND_ONLY_SQL, DROP_SQL)]
