// Signs up, confirms, resets the password and signs in with AWS's own amazon-cognito-identity-js,
// reading every code from the endpoint's outbox over HTTP (GET /_srpcore/messages).
// Usage: node signup.js '<json>' where json = {endpoint, poolId, clientId, username, email,
// password, newPassword}. Prints one JSON line of step results. Never prints codes or tokens.
'use strict';

const { run, userPool } = require('./harness');

const {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
} = require('amazon-cognito-identity-js');

async function lastCode(config, kind) {
  const url = `${config.endpoint}_srpcore/messages?pool_id=${encodeURIComponent(config.poolId)}`
    + `&username=${encodeURIComponent(config.username)}`;
  const response = await fetch(url);
  const body = await response.json();
  const mine = body.messages.filter((m) => m.kind === kind);
  return mine.length ? mine[mine.length - 1].code : null;
}

function signUp(pool, config) {
  const attributes = [new CognitoUserAttribute({ Name: 'email', Value: config.email })];
  return new Promise((resolve) => {
    pool.signUp(config.username, config.password, attributes, null, (err, result) => {
      if (err) resolve({ ok: false, code: err.code || err.name });
      else resolve({ ok: true, confirmed: result.userConfirmed, medium: result.codeDeliveryDetails.DeliveryMedium });
    });
  });
}

function confirm(user, code) {
  return new Promise((resolve) => {
    user.confirmRegistration(code, false, (err) => {
      resolve(err ? { ok: false, code: err.code || err.name } : { ok: true });
    });
  });
}

function forgot(user) {
  return new Promise((resolve) => {
    user.forgotPassword({
      onSuccess() { resolve({ ok: true }); },
      onFailure(err) { resolve({ ok: false, code: err.code || err.name }); },
      inputVerificationCode(data) {
        resolve({ ok: true, medium: data.CodeDeliveryDetails.DeliveryMedium });
      },
    });
  });
}

function reset(user, code, password) {
  return new Promise((resolve) => {
    user.confirmPassword(code, password, {
      onSuccess() { resolve({ ok: true }); },
      onFailure(err) { resolve({ ok: false, code: err.code || err.name }); },
    });
  });
}

function signIn(pool, username, password) {
  return new Promise((resolve) => {
    const user = new CognitoUser({ Username: username, Pool: pool });
    const details = new AuthenticationDetails({ Username: username, Password: password });
    user.authenticateUser(details, {
      onSuccess(session) {
        const payload = session.getIdToken().decodePayload();
        resolve({ ok: true, emailVerified: payload.email_verified });
      },
      onFailure(err) { resolve({ ok: false, code: err.code || err.name }); },
    });
  });
}

async function main(config) {
  const pool = userPool(config);
  const user = new CognitoUser({ Username: config.username, Pool: pool });
  const steps = {};
  steps.signUp = await signUp(pool, config);
  steps.wrongCode = await confirm(user, '000000x');
  steps.confirm = await confirm(user, await lastCode(config, 'SIGN_UP'));
  steps.forgot = await forgot(user);
  steps.reset = await reset(user, await lastCode(config, 'FORGOT_PASSWORD'), config.newPassword);
  steps.oldPassword = await signIn(pool, config.username, config.password);
  steps.newPassword = await signIn(pool, config.username, config.newPassword);
  return steps;
}

run(main);
