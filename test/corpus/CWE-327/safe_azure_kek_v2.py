from azure.storage.blob import BlobClient, BlobServiceClient


def upload(conn_str, kek, data):
    client = BlobServiceClient.from_connection_string(conn_str).get_blob_client("docs", "report.pdf")
    client.require_encryption = True
    client.encryption_version = "2.0"
    client.key_encryption_key = kek
    client.upload_blob(data)


def client_for(url, kek):
    return BlobClient.from_blob_url(url, require_encryption=True, encryption_version="2.0", key_encryption_key=kek)
