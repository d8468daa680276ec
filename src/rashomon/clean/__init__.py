"""The cleaning stage's steps, one module per kind of repair; `rashomon.clean.article` composes them.

Every step is a `str -> Stepped` function that returns the new text and each piece it removed, with
its reason, so nothing leaves an article silently.
"""
