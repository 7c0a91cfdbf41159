// Signs in against a Cognito-compatible endpoint with AWS's own amazon-cognito-identity-js.
// Usage: node signin.js '<json>' where json = {endpoint, poolId, clientId, username, attempts: [password, ...]}
// Prints one JSON line: a result per attempt, in order, each {ok, ...}. Never prints tokens.
'use strict';

const { run, userPool } = require('./harness');

const {
  AuthenticationDetails,
  CognitoUser,
} = require('amazon-cognito-identity-js');

function attempt(pool, username, password) {
  return new Promise((resolve) => {
    const user = new CognitoUser({ Username: username, Pool: pool });
    const details = new AuthenticationDetails({ Username: username, Password: password });
    user.authenticateUser(details, {
      onSuccess(session) {
        const payload = session.getIdToken().decodePayload();
        resolve({
          ok: true,
          cognitoUsername: payload['cognito:username'],
          tokenUse: payload.token_use,
          deviceKey: user.deviceKey || null,
        });
      },
      onFailure(err) {
        resolve({ ok: false, code: err.code || err.name, message: err.message });
      },
      newPasswordRequired() {
        resolve({ ok: false, code: 'NEW_PASSWORD_REQUIRED' });
      },
      mfaRequired(name) {
        resolve({ ok: false, code: name || 'MFA' });
      },
      totpRequired(name) {
        resolve({ ok: false, code: name || 'TOTP' });
      },
      customChallenge() {
        resolve({ ok: false, code: 'CUSTOM_CHALLENGE' });
      },
    });
  });
}

async function main(config) {
  const pool = userPool(config);
  const results = [];
  for (const password of config.attempts) {
    results.push(await attempt(pool, config.username, password));
  }
  return results;
}

run(main);
