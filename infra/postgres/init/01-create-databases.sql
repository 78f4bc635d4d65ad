-- Development only. Run once by the postgres image's entrypoint when the data volume is empty
-- (files in /docker-entrypoint-initdb.d run as POSTGRES_USER). One database per service, so that
-- each service owns its schema and migrates it itself (MIGRATE_ON_START=true in docker-compose.yml).
-- After changing this file, recreate the volume: docker compose down -v
CREATE DATABASE sinergi_budgeting;
CREATE DATABASE sinergi_licensing;
CREATE DATABASE sinergi_complaints;
CREATE DATABASE sinergi_social_intake;
CREATE DATABASE sinergi_official_rating;
