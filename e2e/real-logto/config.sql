-- Applied to a freshly seeded Logto database (tenant 'default') after `logto db seed --swe`.
-- Test-only credentials. The connector itself is created through the Management API, as the Admin
-- Console does.

-- Sign-in with the huggingface target; sign-up asks for nothing else, so a social registration completes.
UPDATE sign_in_experiences
   SET social_sign_in_connector_targets = '["huggingface"]',
       sign_up = '{"identifiers": [], "password": false, "verify": false}'
 WHERE tenant_id = 'default';

-- The Account API, which serves GET /api/my-account/identities/:target/access-token.
UPDATE account_centers SET enabled = true, fields = '{"social": "Edit"}' WHERE tenant_id = 'default';

-- The app a user signs in to: a public single-page app (authorization code + PKCE).
INSERT INTO applications (tenant_id, id, name, secret, type, oidc_client_metadata, custom_client_metadata)
VALUES ('default', 'e2e-spa', 'E2E single-page app', 'unused-e2e-secret', 'SPA',
        '{"redirectUris": ["http://localhost:3999/callback"], "postLogoutRedirectUris": []}', '{}');

-- A machine-to-machine app holding the seeded "Logto Management API access" role.
INSERT INTO applications (tenant_id, id, name, secret, type, oidc_client_metadata, custom_client_metadata)
VALUES ('default', 'e2e-m2m', 'E2E management client', 'e2e-m2m-secret', 'MachineToMachine',
        '{"redirectUris": [], "postLogoutRedirectUris": []}', '{}');
INSERT INTO application_secrets (tenant_id, application_id, name, value)
VALUES ('default', 'e2e-m2m', 'e2e', 'e2e-m2m-secret');
INSERT INTO applications_roles (tenant_id, id, application_id, role_id)
SELECT 'default', 'e2e-m2m-role', 'e2e-m2m', id
  FROM roles WHERE tenant_id = 'default' AND name = 'Logto Management API access';
