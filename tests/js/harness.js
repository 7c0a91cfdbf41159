// What every interop script shares: the JSON config from its argument, one JSON line of
// results on stdout, a failure's stack on stderr with exit status 1; and the two ways the
// scripts point AWS's clients at the local endpoint.
'use strict';

// Run main(config); print what it returns. Never prints tokens: main returns only results.
function run(main) {
  main(JSON.parse(process.argv[2])).then(
    (out) => process.stdout.write(JSON.stringify(out) + '\n'),
    (err) => {
      process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
      process.exit(1);
    },
  );
}

// amazon-cognito-identity-js: a CognitoUserPool on the endpoint.
function userPool(config) {
  const { CognitoUserPool } = require('amazon-cognito-identity-js');
  return new CognitoUserPool({
    UserPoolId: config.poolId,
    ClientId: config.clientId,
    endpoint: config.endpoint,
  });
}

// Amplify JS v6: Auth configured for the pool and client, on the endpoint.
function configureAmplify(config) {
  const { Amplify } = require('aws-amplify');
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: config.poolId,
        userPoolClientId: config.clientId,
        userPoolEndpoint: config.endpoint,
      },
    },
  });
}

module.exports = { configureAmplify, run, userPool };
