"""Check the file storage every host shares (archived evidence pages): write, read back, delete a probe.

``--create-bucket``: with the S3 backend, create the bucket first when it is missing (compose's
``migrate`` runs it against its object store). Fails with the reason when the store is unreachable."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Check the default file storage (local or S3): write, read back and delete a probe file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--create-bucket", action="store_true", help="with the S3 backend, create the bucket when it does not exist"
        )

    def handle(self, *args, create_bucket=False, **options):
        storage = storages["default"]  # what default_storage wraps
        backend = type(storage).__name__
        where = getattr(storage, "bucket_name", None) or str(getattr(storage, "location", ""))
        if create_bucket and hasattr(storage, "bucket_name"):
            self._ensure_bucket(storage)
        name = f"healthcheck/probe-{uuid.uuid4().hex}.txt"
        body = b"verify storage probe"
        try:
            saved = storage.save(name, ContentFile(body))
            with storage.open(saved, "rb") as f:
                read = f.read()
            storage.delete(saved)
        except Exception as exc:  # noqa: BLE001 - whatever the backend raises, said plainly
            raise CommandError(
                f"The file storage ({backend}, {where}) is not usable: {type(exc).__name__}: {exc}"
            ) from exc
        if read != body:
            raise CommandError(f"The file storage ({backend}, {where}) returned other bytes than were written.")
        self.stdout.write(f"File storage OK: {backend} at {where}")

    def _ensure_bucket(self, inner) -> None:
        # Imported here: botocore is there only with the S3 storage configured.
        from botocore.exceptions import BotoCoreError, ClientError

        client = inner.connection.meta.client
        try:
            client.head_bucket(Bucket=inner.bucket_name)
            return
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
                raise CommandError(f"Bucket {inner.bucket_name}: {exc}") from exc
        except BotoCoreError as exc:
            raise CommandError(f"The object store is unreachable: {exc}") from exc
        region = client.meta.region_name
        extra = (
            {"CreateBucketConfiguration": {"LocationConstraint": region}} if region and region != "us-east-1" else {}
        )
        try:
            client.create_bucket(Bucket=inner.bucket_name, **extra)
        except (BotoCoreError, ClientError) as exc:
            raise CommandError(f"Could not create bucket {inner.bucket_name}: {exc}") from exc
        self.stdout.write(f"Created bucket {inner.bucket_name}")
