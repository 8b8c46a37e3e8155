DROP INDEX agents_company_email;
