"""The newsroom: who may do what in the admin (roles.py), how a partner's story is reviewed
(workflow.py) and how the people involved are told (mail.py), with the models they need
(models.py: a LAG partner group's LAG, the review task, the mail waiting to be sent)."""
