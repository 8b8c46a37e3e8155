DROP INDEX asset_tags_tag;
DROP INDEX task_tags_tag;
DROP INDEX agent_group_members_agent;
DROP TABLE asset_tags;
DROP TABLE asset_clients;
DROP TABLE asset_sites;
