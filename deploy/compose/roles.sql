-- The service's role for docker-compose.yml (ADR 15): it logs in and owns nothing; the schema's owner is the
-- image's superuser "casework", which runs `migrate` (casework-migrate) before the service starts.
create role casework_service login password 'casework_service';
grant create on database casework to casework_service;
