from azure.storage.blob import BlobServiceClient


def upload(conn_str, kek, data):
    client = BlobServiceClient.from_connection_string(conn_str).get_blob_client("docs", "report.pdf")
    client.require_encryption = True
    client.key_encryption_key = kek  # expect: py/azure-storage/unsafe-client-side-encryption-in-use
    client.upload_blob(data)
