"""Layer 4, drivers: run the sans-IO sign-in machine over a real ``cognito-idp`` client.

:mod:`srpcore.drivers.sync` drives a boto3 client, :mod:`srpcore.drivers.aio` an aiobotocore
one (keeping the SRP arithmetic off the event loop).
"""
