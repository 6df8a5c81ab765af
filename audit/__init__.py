"""The audit log: the event model (its table is still `accounts_auditevent`), recording (`recording.record`), and the
log's viewer and CSV export, which answer under the accounts URLs (/accounts/audit-log/, names `accounts:audit_log`,
`accounts:audit_log_export`, `accounts:audit_log_matches`).

It sits just above `core`, below every app that records: it imports none of them. The rules of who reads the log
and whom its filter may name are the access module's (`clients.access`), registered here (`rules.RULES`).
"""
