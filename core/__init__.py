"""What every app shares, below all of them: queueing without a broker outage breaking a page (`queue`), the
structured logs (`logs`), the health checks (`health`), the server-error page (`errors`), choice labels and small
wording helpers with their template filters (`labels`, `wording`, `templatetags/`). It imports no app of the product.
"""
