"""Public consultation: comments, their anchors in the text, dispositions, reports.

Public fields live in data/comments.yml (published); contacts of commenters
live in private/comments-contacts.yml, which git ignores and nothing publishes.
"""
