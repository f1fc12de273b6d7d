from azure.storage.blob import BlobClient


def client_for(url, kek):
    return BlobClient.from_blob_url(url, require_encryption=True, key_encryption_key=kek)  # expect: py/azure-storage/unsafe-client-side-encryption-in-use
