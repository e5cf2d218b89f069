"""Web screens of compensation programmes, one module per area (each with its own
`urlpatterns`, joined in `danvan.compensation.urls`)."""
