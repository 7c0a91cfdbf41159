// Takes identity-pool credentials from a Cognito-compatible endpoint with AWS's own JavaScript
// credential provider (fromCognitoIdentityPool: GetId, then GetCredentialsForIdentity).
// Reads {endpoint, region, identityPoolId, providerName, idToken, rounds} as JSON on stdin (a token
// never goes on a command line) and prints one JSON line per round: {ok, identityId,
// accessKeyPrefix, expiration} or {ok: false, code}. Never prints a key or a token.
'use strict';

const { CognitoIdentityClient } = require('@aws-sdk/client-cognito-identity');
const { fromCognitoIdentityPool } = require('@aws-sdk/credential-provider-cognito-identity');

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const config = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const client = new CognitoIdentityClient({ region: config.region, endpoint: config.endpoint });
  const results = [];
  for (const token of config.tokens) {
    const provider = fromCognitoIdentityPool({
      client,
      identityPoolId: config.identityPoolId,
      logins: { [config.providerName]: token },
    });
    try {
      const creds = await provider();
      results.push({
        ok: true,
        identityId: creds.identityId,
        accessKeyPrefix: creds.accessKeyId.slice(0, 4),
        accessKeyLength: creds.accessKeyId.length,
        hasSecret: creds.secretAccessKey.length === 40,
        hasSessionToken: creds.sessionToken.length > 0,
        expiration: creds.expiration.toISOString(),
      });
    } catch (err) {
      results.push({ ok: false, code: err.name, message: err.message });
    }
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err.name}: ${err.message}\n`);
  process.exit(1);
});
