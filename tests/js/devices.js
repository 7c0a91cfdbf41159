// Device management with AWS's own amazon-cognito-identity-js against a Cognito-compatible
// endpoint: sign in (the library confirms a device), page through listDevices, getDevice,
// setDeviceStatusNotRemembered, forgetDevice, sign in again, forgetSpecificDevice, list again.
// Usage: node devices.js '<json>' where json = {endpoint, poolId, clientId, username, password,
// otherDeviceKey}. Prints one JSON line of device keys and outcomes. Never prints tokens.
'use strict';

const { run, userPool } = require('./harness');

const {
  AuthenticationDetails,
  CognitoUser,
} = require('amazon-cognito-identity-js');

function call(user, method, ...args) {
  return new Promise((resolve, reject) => {
    user[method](...args, {
      onSuccess: resolve,
      onFailure: (err) => reject(new Error(`${method}: ${err.code || err.name}: ${err.message}`)),
    });
  });
}

function signIn(pool, config) {
  const user = new CognitoUser({ Username: config.username, Pool: pool });
  const details = new AuthenticationDetails({
    Username: config.username,
    Password: config.password,
  });
  return new Promise((resolve, reject) => {
    user.authenticateUser(details, {
      onSuccess: () => resolve(user),
      onFailure: (err) => reject(new Error(`sign-in: ${err.code}: ${err.message}`)),
    });
  });
}

const keys = (page) => page.Devices.map((d) => d.DeviceKey);

async function main(config) {
  const pool = userPool(config);
  const out = {};
  const user = await signIn(pool, config);
  out.deviceKey = user.deviceKey;
  const first = await call(user, 'listDevices', 1, null);
  const second = await call(user, 'listDevices', 1, first.PaginationToken);
  out.pages = [keys(first), keys(second)];
  out.lastPageHasToken = 'PaginationToken' in second;
  const got = await call(user, 'getDevice');
  out.got = {
    key: got.Device.DeviceKey,
    attributes: Object.fromEntries(got.Device.DeviceAttributes.map((a) => [a.Name, a.Value])),
  };
  await call(user, 'setDeviceStatusNotRemembered');
  const after = await call(user, 'getDevice');
  out.statusAfter = after.Device.DeviceAttributes.find(
    (a) => a.Name === 'dev:device_remembered_status',
  ).Value;
  out.forget = await call(user, 'forgetDevice');
  out.keyAfterForget = user.deviceKey;
  const again = await signIn(pool, config);
  out.newDeviceKey = again.deviceKey;
  out.forgetOther = await call(again, 'forgetSpecificDevice', config.otherDeviceKey);
  out.finally = keys(await call(again, 'listDevices', 60, null));
  return out;
}

run(main);
