// Amplify JS v6 (aws-amplify) against a Cognito-compatible endpoint, in Node: signIn (SRP),
// fetchAuthSession({forceRefresh: true}) (GetTokensFromRefreshToken), then signOut() (RevokeToken)
// or signOut({global: true}) (GlobalSignOut). Afterwards the refresh tokens Amplify held are
// offered to GetTokensFromRefreshToken once more, and the answers reported.
// Usage: node amplify.js '<json>' where json = {endpoint, poolId, clientId, username, password, global}
// Prints one JSON line of step results; never prints a token.
'use strict';

const { configureAmplify, run } = require('./harness');

// Amplify names a new device after navigator.userAgent (getDeviceName), which Node 20 lacks: the
// one piece of browser this script supplies, so that ConfirmDevice is sent as from a page.
if (typeof globalThis.navigator === 'undefined') {
  globalThis.navigator = { userAgent: 'node/amplify-interop-test' };
}

const { signIn, signOut, fetchAuthSession } = require('aws-amplify/auth');
const { cognitoUserPoolsTokenProvider } = require('aws-amplify/auth/cognito');

// Amplify's token storage, readable here so that the test can see which refresh token it holds.
class Storage {
  constructor() {
    this.items = new Map();
  }
  async setItem(key, value) {
    this.items.set(key, value);
  }
  async getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  async removeItem(key) {
    this.items.delete(key);
  }
  async clear() {
    this.items.clear();
  }
  refreshToken() {
    for (const [key, value] of this.items) if (key.endsWith('.refreshToken')) return value;
    return null;
  }
}

async function refreshWith(config, token) {
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
    },
    body: JSON.stringify({ RefreshToken: token, ClientId: config.clientId }),
  });
  const body = await response.json();
  return response.ok ? { ok: true } : { ok: false, code: body.__type, message: body.message };
}

async function main(config) {
  configureAmplify(config);
  const storage = new Storage();
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
  const out = {};
  out.signedIn = (await signIn({ username: config.username, password: config.password })).isSignedIn;
  const first = storage.refreshToken();
  const session = await fetchAuthSession({ forceRefresh: true });
  out.refreshedTokenUse = session.tokens.accessToken.payload.token_use;
  out.refreshedDeviceKey = session.tokens.accessToken.payload.device_key || null;
  const second = storage.refreshToken();
  out.newRefreshToken = first !== second;
  await signOut({ global: config.global });
  out.storageEmpty = storage.refreshToken() === null;
  out.afterSignOut = [await refreshWith(config, first), await refreshWith(config, second)];
  return out;
}

run(main);
