// Life after sign-in with AWS's amazon-cognito-identity-js against a Cognito-compatible endpoint:
// sign in (SRP), refreshSession, then either signOut(callback) (RevokeToken) or globalSignOut
// (GlobalSignOut), then a refresh with the old refresh token and a getUserData with the old
// access token, both of which must be refused.
// Usage: node lifecycle.js '<json>' where json = {endpoint, poolId, clientId, username, password, how}
// ("revoke" or "global"). Prints one JSON line of step results; never prints a token.
'use strict';

const { run, userPool } = require('./harness');

const {
  AuthenticationDetails,
  CognitoRefreshToken,
  CognitoUser,
} = require('amazon-cognito-identity-js');

const failure = (err) => ({ ok: false, code: err.code || err.name, message: err.message });

function signIn(user, username, password) {
  return new Promise((resolve, reject) => {
    const details = new AuthenticationDetails({ Username: username, Password: password });
    user.authenticateUser(details, { onSuccess: resolve, onFailure: reject });
  });
}

function refresh(user, refreshToken) {
  return new Promise((resolve) => {
    user.refreshSession(refreshToken, (err, session) =>
      resolve(err ? failure(err) : { ok: true, tokenUse: session.getAccessToken().decodePayload().token_use })
    );
  });
}

function getUserData(user) {
  return new Promise((resolve) => {
    user.getUserData(
      (err, data) => resolve(err ? failure(err) : { ok: true, username: data.Username }),
      { bypassCache: true }
    );
  });
}

async function main(config) {
  const pool = userPool(config);
  const user = new CognitoUser({ Username: config.username, Pool: pool });
  const session = await signIn(user, config.username, config.password);
  const oldRefresh = new CognitoRefreshToken({ RefreshToken: session.getRefreshToken().getToken() });
  const steps = { refreshed: await refresh(user, oldRefresh) };
  steps.signOut = await new Promise((resolve) => {
    if (config.how === 'global') {
      user.globalSignOut({ onSuccess: () => resolve({ ok: true }), onFailure: (e) => resolve(failure(e)) });
    } else {
      user.signOut((err) => resolve(err ? failure(err) : { ok: true }));
    }
  });
  // A second CognitoUser holding the old tokens, as another tab or device would.
  const other = new CognitoUser({ Username: config.username, Pool: pool });
  other.setSignInUserSession(session);
  steps.oldAccess = await getUserData(other);
  steps.oldRefresh = await refresh(other, oldRefresh);
  return steps;
}

run(main);
