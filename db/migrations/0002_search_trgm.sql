-- Custom SQL migration file, put your code below! --
-- Trigram indexes for the inbox search (substring ILIKE on names, numbers and message
-- text). pg_trgm is a trusted extension (PostgreSQL 13+); PGlite loads it in db/client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
