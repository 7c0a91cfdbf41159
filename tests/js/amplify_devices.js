// Amplify JS v6 (aws-amplify, pinned in package-lock.json) against a Cognito-compatible
// endpoint: signIn with SRP (Amplify confirms the new device itself), fetchDevices,
// rememberDevice, forgetDevice() of the current device, forgetDevice({device}) of another.
// Usage: node amplify_devices.js '<json>' where json = {endpoint, poolId, clientId, username, password,
// otherDeviceKey}. Prints one JSON line of device keys, names and attributes. Never prints tokens.
'use strict';

const { configureAmplify, run } = require('./harness');

// Node 20 has no navigator; Amplify names a new device from it (a browser's user agent).
globalThis.navigator ??= { userAgent: 'srpcore interop (Node)' };

const auth = require('aws-amplify/auth');

async function main(config) {
  configureAmplify(config);
  const out = {};
  const signedIn = await auth.signIn({ username: config.username, password: config.password });
  out.signInStep = signedIn.nextStep.signInStep;
  out.fetched = (await auth.fetchDevices()).map((d) => ({
    id: d.id,
    name: d.name ?? null,
    attributes: d.attributes,
    dates: [d.createDate, d.lastModifiedDate, d.lastAuthenticatedDate].map((x) =>
      x instanceof Date && !Number.isNaN(x.getTime()) ? x.toISOString() : null,
    ),
  }));
  await auth.rememberDevice();
  await auth.forgetDevice();
  out.afterForget = (await auth.fetchDevices()).map((d) => d.id);
  await auth.forgetDevice({ device: { id: config.otherDeviceKey } });
  out.finally = (await auth.fetchDevices()).map((d) => d.id);
  return out;
}

run(main);
