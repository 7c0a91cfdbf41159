// Verifies the local endpoint's tokens with AWS's own aws-jwt-verify CognitoJwtVerifier.
// Usage: node verify.js '<json>' where json = {jwksUrl, poolId, clientId, tokens: [{token, tokenUse}, ...]}
// The verifier is created exactly as its README shows for Cognito; the JWKS is fetched from the
// endpoint and handed over with cacheJwks (the verifier would otherwise fetch it from AWS).
// Prints one JSON line: per token {ok, tokenUse, username} or {ok: false, error, message}.
'use strict';

const { run } = require('./harness');

const { CognitoJwtVerifier } = require('aws-jwt-verify');

async function main(config) {
  const response = await fetch(config.jwksUrl);
  const jwks = await response.json();
  const results = [];
  for (const { token, tokenUse } of config.tokens) {
    const verifier = CognitoJwtVerifier.create({
      userPoolId: config.poolId,
      tokenUse,
      clientId: config.clientId,
    });
    verifier.cacheJwks(jwks);
    try {
      const payload = await verifier.verify(token);
      results.push({
        ok: true,
        tokenUse: payload.token_use,
        username: payload['cognito:username'] || payload.username,
      });
    } catch (err) {
      results.push({ ok: false, error: err.constructor.name, message: err.message });
    }
  }
  return results;
}

run(main);
