"""The caseworker portal and admin: server-rendered pages, built by `create_portal_app`."""
