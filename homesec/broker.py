"""The Redis broker transport, with one repair.

On a lost broker connection Celery 5.7 collects the connection, then closes it; closing
lets each Redis channel give back its unacknowledged messages, which reads the collected
connection's parameters: ``AttributeError: 'NoneType' object has no attribute
'hostname'``, not a connection error, so the worker dies instead of reconnecting
(reproduced by a SIGKILL of Redis under a busy worker; tests/runner/test_broker_restart.py).
Here that read raises the transport's own connection error, which Celery ignores while
it reconnects; the messages come back from Redis' unacked set as after any crash.
Named by ``broker_transport`` in celeryconfig.py."""

import redis
from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if getattr(self.connection, "client", None) is None:
            raise redis.exceptions.ConnectionError("the broker connection was already released")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
