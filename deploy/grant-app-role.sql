-- Grant the application's database role what the running application needs, and no more: read and write
-- every table of the schema except the audit table, where it may only SELECT and INSERT (and
-- django_migrations, which it only reads). The role may not TRUNCATE, ALTER or drop anything, nor disable a
-- trigger: only the tables' owner, which runs the migrations, can.
--
-- Run as the tables' owner after EVERY migrate (deploy/migrate.sh does), because a new table is not open to
-- the application until this runs. There are deliberately no default privileges: they would hand UPDATE and
-- DELETE on a new append-only table to the application before anyone decided otherwise; a missing grant
-- fails loudly ("permission denied"), a wrong default would fail silently. Safe to run again: each table's
-- grants to the role are revoked and given afresh.
--
-- The role's name comes from the setting empowerment.app_role (psql reads no variable inside DO blocks):
--   PGOPTIONS="-c empowerment.app_role=empowerment_app" psql -X -v ON_ERROR_STOP=1 -f deploy/grant-app-role.sql
-- The role must exist (CREATE ROLE empowerment_app LOGIN PASSWORD '...'), must not be a superuser, and must not
-- be a member of the owner's role (it would then have the owner's rights).
DO $grant$
DECLARE
    app_role text := nullif(current_setting('empowerment.app_role', true), '');
    audit regclass := to_regclass('accounts_auditevent');
    audit_owner name;
    item record;
BEGIN
    IF app_role IS NULL THEN
        RAISE EXCEPTION 'Set empowerment.app_role to the application''s role (PGOPTIONS="-c empowerment.app_role=NAME")';
    END IF;
    IF audit IS NULL THEN
        RAISE EXCEPTION 'No accounts_auditevent table here: run the migrations first';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role) THEN
        RAISE EXCEPTION 'Role % does not exist: CREATE ROLE % LOGIN PASSWORD ''...''', app_role, app_role;
    END IF;
    SELECT pg_get_userbyid(relowner) INTO audit_owner FROM pg_class WHERE oid = audit;
    IF app_role = audit_owner OR pg_has_role(app_role, audit_owner, 'MEMBER') THEN
        RAISE EXCEPTION 'Role % owns the tables (or is a member of their owner %): the application needs a role of its own',
            app_role, audit_owner;
    END IF;
    IF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = app_role) THEN
        RAISE EXCEPTION 'Role % is a superuser or bypasses row security: the application needs a plain role', app_role;
    END IF;

    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app_role);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), app_role);
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', current_schema(), app_role);
    FOR item IN
        SELECT c.oid::regclass AS name, c.oid = audit AS is_audit, c.relname = 'django_migrations' AS is_migrations,
               c.relkind = 'S' AS is_sequence
          FROM pg_class c
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    LOOP
        IF item.is_sequence THEN
            EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM %I', item.name, app_role);
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO %I', item.name, app_role);
        ELSE
            EXECUTE format('REVOKE ALL ON TABLE %s FROM %I', item.name, app_role);
            EXECUTE format(
                'GRANT %s ON TABLE %s TO %I',
                CASE
                    WHEN item.is_audit THEN 'SELECT, INSERT'
                    WHEN item.is_migrations THEN 'SELECT'
                    ELSE 'SELECT, INSERT, UPDATE, DELETE'
                END,
                item.name, app_role
            );
        END IF;
    END LOOP;

    -- The promise itself, whatever else (a grant to PUBLIC, a role membership) gives the role rights.
    IF has_table_privilege(app_role, audit, 'UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') THEN
        RAISE EXCEPTION 'Role % can still change the audit table (a grant to PUBLIC or another role?)', app_role;
    END IF;
    RAISE NOTICE 'Granted role % its privileges; the audit table: SELECT and INSERT only', app_role;
END
$grant$;
