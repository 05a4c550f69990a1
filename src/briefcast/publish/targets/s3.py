"""The S3 target: a bucket (and key prefix) of S3 or any S3-compatible store, via boto3.

It owns its settings (``[publish.s3]``: endpoint, region, timeouts, attempts), their checks and
its part of the ``init`` template, registered as :data:`TARGET`.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ...config import Config, web_address, within
from ...errors import PublishError
from .base import LocalFile, RemoteFile, TargetKind


@dataclass(frozen=True)
class S3Settings:
    """``[publish.s3]``: ``endpoint_url`` and ``region`` are for S3-compatible storage (empty:
    the usual AWS settings decide); seconds to wait for a connection and for each reply, and
    attempts per request. Older files wrote these keys in ``[publish]``, which still works."""

    endpoint_url: str = ""
    region: str = ""
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    attempts: int = 3


def validate(settings: S3Settings) -> None:
    """Check the endpoint's form, the timeouts and the attempts."""
    web_address("publish.s3", "endpoint_url", settings.endpoint_url)
    for name in ("connect_timeout", "read_timeout"):
        within("publish.s3", name, getattr(settings, name), 0.5, 600, " seconds")
    within("publish.s3", "attempts", settings.attempts, 1, 10)


TEMPLATE = """\
[publish.s3]
# S3-compatible storage other than AWS (MinIO, Cloudflare R2, Backblaze B2, ...). Empty: the
# usual AWS settings decide (AWS_ENDPOINT_URL, AWS_REGION, AWS_PROFILE, ~/.aws/config).
# Credentials always come from the usual AWS settings, never from this file.
endpoint_url = ""
region = ""
# Seconds to wait for a connection and for each reply, and attempts per request before
# giving up: an unreachable endpoint fails in seconds instead of hanging.
connect_timeout = 5.0
read_timeout = 60.0
attempts = 3
"""


def open_s3(spec: str, settings: S3Settings, cfg: Config, session: Any = None) -> S3Target:
    """The bucket and prefix of ``s3://bucket/prefix``."""
    bucket, _, prefix = spec[len("s3://") :].partition("/")
    if not bucket:
        raise PublishError(f"no bucket in {spec!r}: write s3://bucket or s3://bucket/prefix")
    return S3Target(bucket, prefix.strip("/"), settings, session=session)


CREDENTIAL_CODES = frozenset(
    {
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "InvalidToken",
        "ExpiredToken",
        "TokenRefreshRequired",
        "AuthorizationHeaderMalformed",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "401",
    }
)
# Valid credentials without the permission for this bucket or key (S3's 403).
DENIED_CODES = frozenset({"AccessDenied", "Forbidden", "403", "AllAccessDisabled"})


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


class S3Target:
    """A bucket (and key prefix) of S3 or any S3-compatible store, through boto3.

    Endpoint, region and credentials come from the usual AWS settings (environment,
    ``~/.aws/config``, profiles), with ``publish.s3.endpoint_url`` and ``publish.s3.region`` of
    the config taking precedence. Retries and timeouts are bounded so that an unreachable endpoint
    fails in seconds, not minutes. Each object carries its SHA-256 in its metadata.
    """

    remote = True

    def __init__(self, bucket: str, prefix: str, cfg: S3Settings, *, session: Any = None) -> None:
        try:
            import boto3
            from botocore.config import Config as BotoConfig
        except ImportError as exc:
            raise PublishError("publishing to S3 needs boto3: pip install 'briefcast[s3]'") from exc
        self.bucket = bucket
        self.prefix = prefix
        self.description = f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}"
        boto_config = BotoConfig(
            connect_timeout=cfg.connect_timeout,
            read_timeout=cfg.read_timeout,
            retries={"max_attempts": cfg.attempts, "mode": "standard"},
            # Many S3-compatible stores reject the newer default CRC checksums; every upload
            # sends Content-MD5 instead.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        with self._errors("set up access to"):
            session = session or boto3.session.Session()
            self.client = session.client(
                "s3",
                endpoint_url=cfg.endpoint_url or None,
                region_name=cfg.region or None,
                config=boto_config,
            )
        self.endpoint = self.client.meta.endpoint_url

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    @contextmanager
    def _errors(self, action: str, key: str = "") -> Iterator[None]:
        """Turn botocore's exceptions into one PublishError line that says what to do."""
        from botocore import exceptions as bx

        try:
            yield
        except (bx.NoCredentialsError, bx.PartialCredentialsError) as exc:
            raise PublishError(
                f"no usable AWS credentials to {action} {self.description}: set "
                f"AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
            ) from exc
        except (
            bx.EndpointConnectionError,
            bx.ConnectTimeoutError,
            bx.ReadTimeoutError,
            bx.ConnectionClosedError,
            bx.ProxyConnectionError,
        ) as exc:
            where = getattr(self, "endpoint", None) or "the S3 endpoint"
            why = {
                bx.ConnectTimeoutError: "no answer to the connection",
                bx.ReadTimeoutError: "no reply in time",
                bx.ConnectionClosedError: "the connection was closed",
                bx.ProxyConnectionError: "the proxy could not be reached",
            }.get(type(exc), "connection refused or host not found")
            raise PublishError(
                f"cannot reach {where} to {action} {self.description} ({why}); "
                f"check publish.s3.endpoint_url (or AWS_ENDPOINT_URL) and the "
                f"network"
            ) from exc
        except bx.ClientError as exc:
            error = exc.response.get("Error", {})
            code = str(error.get("Code", ""))
            message = _one_line(error.get("Message", "") or exc)
            if code in DENIED_CODES:
                where = f"bucket {self.bucket!r}" + (f", key {self._key(key)!r}" if key else "")
                raise PublishError(
                    f"access denied to {action} {where} ({code}: {message}); "
                    f"the credentials work but lack the permission: check the "
                    f"bucket policy or the IAM policy (s3:PutObject, "
                    f"s3:ListBucket, s3:DeleteObject)"
                ) from exc
            if code in CREDENTIAL_CODES:
                raise PublishError(
                    f"{self.description} refused the credentials ({code}: "
                    f"{message}); check AWS_ACCESS_KEY_ID, "
                    f"AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and the bucket's "
                    f"permissions"
                ) from exc
            if code == "NoSuchBucket":
                raise PublishError(
                    f"bucket {self.bucket!r} does not exist at {self.endpoint}; create it first"
                ) from exc
            raise PublishError(
                f"could not {action} {self.description}: {code or 'error'} {message}"
            ) from exc
        except bx.BotoCoreError as exc:
            raise PublishError(f"could not {action} {self.description}: {_one_line(exc)}") from exc

    def inventory(self) -> dict[str, RemoteFile]:
        """Every object under the prefix, listed with its size and ETag."""
        start = f"{self.prefix}/" if self.prefix else ""
        found: dict[str, RemoteFile] = {}
        with self._errors("list"):
            paginator = self.client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=start):
                for obj in page.get("Contents", []):
                    key = obj["Key"][len(start) :]
                    if key and not key.endswith("/"):
                        found[key] = RemoteFile(
                            key, int(obj["Size"]), str(obj.get("ETag", "")).strip('"')
                        )
        return found

    def is_current(self, item: LocalFile, remote: RemoteFile) -> bool:
        """ETag equal to the MD5 (a single-part upload), else the SHA-256 in the metadata."""
        if remote.size != item.size:
            return False
        if remote.etag == item.md5:
            return True
        with self._errors("read"):
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(item.key))
        return bool(head.get("Metadata", {}).get("sha256") == item.sha256)

    def upload(self, item: LocalFile) -> None:
        """One PUT with Content-Type, Cache-Control, Content-MD5 and the SHA-256 in metadata."""
        md5 = base64.b64encode(bytes.fromhex(item.md5)).decode("ascii")
        with self._errors("upload to", item.key), open(item.path, "rb") as body:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._key(item.key),
                Body=body,
                ContentType=item.content_type,
                CacheControl=item.cache_control,
                ContentMD5=md5,
                Metadata={"sha256": item.sha256},
            )

    def delete(self, keys: Sequence[str]) -> None:
        """Delete in batches of 1,000 (the S3 limit per request)."""
        for start in range(0, len(keys), 1000):
            batch = [{"Key": self._key(k)} for k in keys[start : start + 1000]]
            with self._errors("delete from"):
                reply = self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
                )
            errors = reply.get("Errors", [])
            if errors:
                first = errors[0]
                raise PublishError(
                    f"could not delete {first.get('Key')} from "
                    f"{self.description}: {first.get('Code')} "
                    f"{_one_line(first.get('Message', ''))}"
                )


TARGET = TargetKind(
    "s3",
    "s3://bucket/prefix",
    "S3 or S3-compatible storage; needs the s3 extra",
    S3Settings,
    open_s3,
    validate,
    TEMPLATE,
)
