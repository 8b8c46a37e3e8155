-- An agent's email address is unique within its company, ignoring ASCII case. Agents
-- without an address are not compared.
CREATE UNIQUE INDEX agents_company_email ON agents (company_id, lower(email)) WHERE email <> '';
