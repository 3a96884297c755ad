"""SQL that keeps `events_event.search_vector` up to date, used by migration 0004.

The vector mixes the event's own text with its artists', advertiser's, venue's,
tags' and rubrique's names, so triggers on each of those tables refresh the
events they touch, set-based (statement triggers with transition tables).
A bulk load may set `billetnet.search_deferred = on` for its session, skip the
triggers, and call `events_search_rebuild()` once at the end.
"""

FUNCTIONS = """
CREATE OR REPLACE FUNCTION events_event_search_vector(e events_event) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector('french_unaccent', coalesce(e.title, '')), 'A')
    || setweight(to_tsvector('french_unaccent', concat_ws(' ',
         (SELECT string_agg(a.name, ' ') FROM events_credit c
            JOIN events_artist a ON a.id = c.artist_id WHERE c.event_id = e.id),
         (SELECT name FROM events_advertiser WHERE id = e.advertiser_id),
         (SELECT name FROM events_venue WHERE id = e.venue_id))), 'B')
    || setweight(to_tsvector('french_unaccent', concat_ws(' ',
         (SELECT string_agg(t.name, ' ') FROM taggit_taggeditem ti
            JOIN taggit_tag t ON t.id = ti.tag_id
            JOIN django_content_type ct ON ct.id = ti.content_type_id
              AND ct.app_label = 'events' AND ct.model = 'event'
            WHERE ti.object_id = e.id),
         (SELECT name FROM events_category WHERE id = e.category_id),
         (SELECT city FROM events_venue WHERE id = e.venue_id))), 'C')
    || setweight(to_tsvector('french_unaccent', concat_ws(' ', e.summary, e.description)), 'D')
$$;

CREATE OR REPLACE FUNCTION events_search_deferred() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('billetnet.search_deferred', true), '') = 'on'
$$;

CREATE OR REPLACE FUNCTION events_search_refresh(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE events_event e SET search_vector = events_event_search_vector(e)
  WHERE e.id = ANY(ids)
$$;

CREATE OR REPLACE FUNCTION events_search_rebuild() RETURNS void
LANGUAGE sql AS $$
  UPDATE events_event e SET search_vector = events_event_search_vector(e)
$$;

-- The event's own row: computed before it is written.
CREATE OR REPLACE FUNCTION events_event_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT events_search_deferred() THEN
    NEW.search_vector := events_event_search_vector(NEW);
  END IF;
  RETURN NEW;
END $$;

-- Rows of a related table changed: refresh the events they belong to.
-- TG_ARGV[0] is the SQL that lists those events from the transition table `changed`.
CREATE OR REPLACE FUNCTION events_related_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  IF events_search_deferred() THEN
    RETURN NULL;
  END IF;
  EXECUTE TG_ARGV[0] INTO ids;
  IF ids IS NOT NULL THEN
    PERFORM events_search_refresh(ids);
  END IF;
  RETURN NULL;
END $$;
"""

# (table, events affected by the rows in `changed`, statements to react to)
RELATED = [
    (
        "events_credit",
        "SELECT array_agg(DISTINCT event_id) FROM changed",
        ("INSERT", "UPDATE", "DELETE"),
    ),
    (
        "events_artist",
        "SELECT array_agg(DISTINCT c.event_id) FROM events_credit c "
        "JOIN changed ON changed.id = c.artist_id",
        ("UPDATE",),
    ),
    (
        "events_venue",
        "SELECT array_agg(e.id) FROM events_event e JOIN changed ON changed.id = e.venue_id",
        ("UPDATE",),
    ),
    (
        "events_advertiser",
        "SELECT array_agg(e.id) FROM events_event e JOIN changed ON changed.id = e.advertiser_id",
        ("UPDATE",),
    ),
    (
        "events_category",
        "SELECT array_agg(e.id) FROM events_event e JOIN changed ON changed.id = e.category_id",
        ("UPDATE",),
    ),
    (
        "taggit_taggeditem",
        "SELECT array_agg(DISTINCT changed.object_id::bigint) FROM changed "
        "JOIN django_content_type ct ON ct.id = changed.content_type_id "
        "AND ct.app_label = 'events' AND ct.model = 'event'",
        ("INSERT", "DELETE"),
    ),
    (
        "taggit_tag",
        "SELECT array_agg(DISTINCT ti.object_id::bigint) FROM taggit_taggeditem ti "
        "JOIN changed ON changed.id = ti.tag_id "
        "JOIN django_content_type ct ON ct.id = ti.content_type_id "
        "AND ct.app_label = 'events' AND ct.model = 'event'",
        ("UPDATE",),
    ),
]


def _quote(sql: str) -> str:
    return "'" + sql.replace("'", "''") + "'"


def triggers_sql() -> str:
    statements = [
        "CREATE TRIGGER events_event_search BEFORE INSERT OR UPDATE OF "
        "title, summary, description, venue_id, advertiser_id, category_id "
        "ON events_event FOR EACH ROW EXECUTE FUNCTION events_event_search_trigger();"
    ]
    for table, affected, operations in RELATED:
        for operation in operations:
            table_kind = "OLD" if operation == "DELETE" else "NEW"
            statements.append(
                f"CREATE TRIGGER {table}_search_{operation.lower()} AFTER {operation} ON {table} "
                f"REFERENCING {table_kind} TABLE AS changed FOR EACH STATEMENT "
                f"EXECUTE FUNCTION events_related_search_trigger({_quote(affected)});"
            )
    return "\n".join(statements)


def drop_sql() -> str:
    statements = ["DROP TRIGGER IF EXISTS events_event_search ON events_event;"]
    for table, _, operations in RELATED:
        for operation in operations:
            statements.append(
                f"DROP TRIGGER IF EXISTS {table}_search_{operation.lower()} ON {table};"
            )
    statements += [
        "DROP FUNCTION IF EXISTS events_related_search_trigger();",
        "DROP FUNCTION IF EXISTS events_event_search_trigger();",
        "DROP FUNCTION IF EXISTS events_search_rebuild();",
        "DROP FUNCTION IF EXISTS events_search_refresh(bigint[]);",
        "DROP FUNCTION IF EXISTS events_search_deferred();",
        "DROP FUNCTION IF EXISTS events_event_search_vector(events_event);",
    ]
    return "\n".join(statements)


# --- Migration 0009: what lets a search skip rows it will not show ----------------------
#
# Two more columns on events_event, computed by the database whenever they are written
# (Django's save() sends back the values it loaded, which may be stale by then):
#
# - `title_vector`, the title alone: the title hits a search adds to its pool are an
#   index lookup, without computing `to_tsvector(title)` for every row met.
# - `play_days`, the days (Paris time) with a showtime that is not cancelled: « samedi »
#   is a GIN lookup on the event (`play_days @> ARRAY[day]`), not a walk through the
#   tens of thousands of showtimes of that day. The showtimes' statement triggers
#   refresh the events they touch; unlike the search vector, this is never deferred (a
#   bulk copy of showtimes shifted in time must get its own days).

# The zone of the days people name (« samedi », « 22 juin »): `events.search` converts
# a date range into days with the same one.
PLAY_DAYS_TIME_ZONE = "Europe/Paris"

DERIVED_COLUMNS_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION events_event_play_days(event_id bigint) RETURNS date[]
LANGUAGE sql STABLE AS $$
  SELECT array_agg(day ORDER BY day) FROM (
    SELECT DISTINCT (s.starts_at AT TIME ZONE '{PLAY_DAYS_TIME_ZONE}')::date AS day
    FROM events_showtime s
    WHERE s.event_id = events_event_play_days.event_id AND s.status <> 'cancelled'
  ) days
$$;

CREATE OR REPLACE FUNCTION events_event_title_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.title_vector := to_tsvector('french_unaccent', coalesce(NEW.title, ''));
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION events_event_play_days_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.play_days := events_event_play_days(NEW.id);
  RETURN NEW;
END $$;

-- Showtimes were inserted, updated or deleted: write `play_days` of their events (the
-- events' trigger above computes it). An update that changes neither the day, the
-- status nor the event of any showtime (sold out, accessibility) touches no event.
CREATE OR REPLACE FUNCTION events_showtime_play_days_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT event_id) INTO ids FROM new_showtimes;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT event_id) INTO ids FROM old_showtimes;
  ELSE
    SELECT array_agg(DISTINCT changed.event_id) INTO ids
    FROM new_showtimes n
    JOIN old_showtimes o ON o.id = n.id
    CROSS JOIN LATERAL unnest(ARRAY[n.event_id, o.event_id]) AS changed(event_id)
    WHERE (n.event_id, n.starts_at, n.status) IS DISTINCT FROM (o.event_id, o.starts_at, o.status);
  END IF;
  UPDATE events_event SET play_days = NULL WHERE id = ANY(ids);
  RETURN NULL;
END $$;
"""

# Run once, before the triggers exist: ADD COLUMN holds an exclusive lock on events_event
# until the migration commits, so nothing can write an event in between.
DERIVED_COLUMNS_BACKFILL = """
UPDATE events_event e
SET title_vector = to_tsvector('french_unaccent', coalesce(e.title, '')),
    play_days = events_event_play_days(e.id);
"""

DERIVED_COLUMNS_TRIGGERS = """
CREATE TRIGGER events_event_title_vector BEFORE INSERT OR UPDATE OF title, title_vector
ON events_event FOR EACH ROW EXECUTE FUNCTION events_event_title_vector_trigger();

CREATE TRIGGER events_event_play_days BEFORE INSERT OR UPDATE OF play_days
ON events_event FOR EACH ROW EXECUTE FUNCTION events_event_play_days_trigger();

CREATE TRIGGER events_showtime_play_days_insert AFTER INSERT ON events_showtime
REFERENCING NEW TABLE AS new_showtimes
FOR EACH STATEMENT EXECUTE FUNCTION events_showtime_play_days_trigger();

CREATE TRIGGER events_showtime_play_days_update AFTER UPDATE ON events_showtime
REFERENCING OLD TABLE AS old_showtimes NEW TABLE AS new_showtimes
FOR EACH STATEMENT EXECUTE FUNCTION events_showtime_play_days_trigger();

CREATE TRIGGER events_showtime_play_days_delete AFTER DELETE ON events_showtime
REFERENCING OLD TABLE AS old_showtimes
FOR EACH STATEMENT EXECUTE FUNCTION events_showtime_play_days_trigger();
"""

DERIVED_COLUMNS_DROP = """
DROP TRIGGER IF EXISTS events_showtime_play_days_delete ON events_showtime;
DROP TRIGGER IF EXISTS events_showtime_play_days_update ON events_showtime;
DROP TRIGGER IF EXISTS events_showtime_play_days_insert ON events_showtime;
DROP TRIGGER IF EXISTS events_event_play_days ON events_event;
DROP TRIGGER IF EXISTS events_event_title_vector ON events_event;
DROP FUNCTION IF EXISTS events_showtime_play_days_trigger();
DROP FUNCTION IF EXISTS events_event_play_days_trigger();
DROP FUNCTION IF EXISTS events_event_title_vector_trigger();
DROP FUNCTION IF EXISTS events_event_play_days(bigint);
"""


# --- Migrations 0012–0013: the events that play soon, for the search's date windows ------
#
# `Event.soon_rank` is 1 for the events whose next showtime comes before the first horizon
# kept in `events_searchhorizon`, 2 before the second, and so on, NULL after the last (or
# without a next showtime). Each horizon is the SOON_TIERS[k]-th soonest next showtime when
# `events_search_horizon_refresh()` last ran (`manage.py refresh_showtimes`, every few
# minutes). A partial GIN index on the search vectors of each tier's events gives a word's
# soonest matches without reading the date index: « shakespeare », 8,160 of a million
# events, has 408 among the soonest 50,000, found in that index; intersecting its 8,160
# with the 50,000 entries of the date index took 8–11 ms. « pinocchio » (3,440) has 688
# among the soonest 200,000.
#
# The trigger keeps the rank true to the horizons when a next showtime changes; an event
# written while a refresh moves them is put right by the next refresh (see the function).

# Each tier has its partial GIN index in `Event.Meta.indexes` (`soon_rank <= tier`, made
# from this tuple: a tier more is a migration more). The soonest 25,000 (migration 0013)
# halve what « moliere » reads (2 % of the events: 916 among the soonest 50,000 of
# 100,000, 450 among the soonest 25,000; 1.6 → 0.9 ms).
SOON_TIERS = (25_000, 50_000, 200_000)

SOON_RANK_FUNCTIONS = """
-- The tier's horizon: infinity when every event with a next showtime is in it, -infinity
-- before the first refresh.
CREATE OR REPLACE FUNCTION events_search_horizon(tier integer) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT until FROM events_searchhorizon h WHERE h.tier = events_search_horizon.tier),
    '-infinity')
$$;

CREATE OR REPLACE FUNCTION events_event_soon_rank(next timestamptz) RETURNS smallint
LANGUAGE sql STABLE AS $$
  SELECT min(tier) FROM events_searchhorizon WHERE next < until
$$;

CREATE OR REPLACE FUNCTION events_event_soon_rank_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.soon_rank := events_event_soon_rank(NEW.next_showtime_at);
  RETURN NEW;
END $$;

-- Each tier's horizon moves to its `sizes[tier]`-th soonest next showtime (infinity when
-- fewer events have one). Then the events whose next showtime lies between where the
-- horizon was two refreshes ago and where it is now are ranked again where their rank
-- is wrong (their trigger reads the new horizons), and those of a tier now past its
-- horizon leave it. Returns the number of events ranked again.
--
-- Why two refreshes back: an event written while a refresh runs is ranked by its trigger
-- against the horizons that refresh has not committed yet, and that refresh may not see
-- it. The next one looks at the same stretch of time again. No lock is taken: an event's
-- writer never waits for a refresh, and neither can wait for the other in a cycle.
CREATE OR REPLACE FUNCTION events_search_horizon_refresh(sizes integer[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  tiers integer := coalesce(array_length(sizes, 1), 0);
  low timestamptz[];
  high timestamptz[];
  was timestamptz;
  before timestamptz;
  horizon timestamptz;
  changed integer := 0;
  n integer;
BEGIN
  FOR k IN 1 .. tiers LOOP
    SELECT until, previous INTO was, before FROM events_searchhorizon WHERE tier = k;
    was := coalesce(was, '-infinity');
    before := coalesce(before, '-infinity');
    SELECT next_showtime_at INTO horizon FROM events_event
    WHERE next_showtime_at IS NOT NULL
    ORDER BY next_showtime_at OFFSET greatest(sizes[k] - 1, 0) LIMIT 1;
    horizon := coalesce(horizon, 'infinity');
    INSERT INTO events_searchhorizon (tier, until, previous) VALUES (k, horizon, was)
    ON CONFLICT (tier) DO UPDATE SET until = EXCLUDED.until, previous = EXCLUDED.previous;
    low[k] := least(before, was, horizon);
    high[k] := greatest(before, was, horizon);
  END LOOP;
  DELETE FROM events_searchhorizon WHERE tier > tiers;
  FOR k IN 1 .. tiers LOOP
    UPDATE events_event SET soon_rank = NULL
    WHERE next_showtime_at >= low[k] AND next_showtime_at < high[k]
      AND soon_rank IS DISTINCT FROM events_event_soon_rank(next_showtime_at);
    GET DIAGNOSTICS n = ROW_COUNT;
    changed := changed + n;
    -- Two statements, each a range of the index on (soon_rank, next_showtime_at).
    horizon := events_search_horizon(k);
    UPDATE events_event SET soon_rank = NULL
    WHERE soon_rank = k AND next_showtime_at >= horizon;
    GET DIAGNOSTICS n = ROW_COUNT;
    changed := changed + n;
    UPDATE events_event SET soon_rank = NULL WHERE soon_rank = k AND next_showtime_at IS NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    changed := changed + n;
  END LOOP;
  UPDATE events_event SET soon_rank = NULL WHERE soon_rank > tiers;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN changed + n;
END $$;
"""

SOON_RANK_TRIGGER = """
CREATE TRIGGER events_event_soon_rank BEFORE INSERT OR UPDATE OF next_showtime_at, soon_rank
ON events_event FOR EACH ROW EXECUTE FUNCTION events_event_soon_rank_trigger();
"""

SOON_RANK_DROP = """
DROP TRIGGER IF EXISTS events_event_soon_rank ON events_event;
DROP FUNCTION IF EXISTS events_search_horizon_refresh(integer[]);
DROP FUNCTION IF EXISTS events_event_soon_rank_trigger();
DROP FUNCTION IF EXISTS events_event_soon_rank(timestamptz);
DROP FUNCTION IF EXISTS events_search_horizon(integer);
"""
