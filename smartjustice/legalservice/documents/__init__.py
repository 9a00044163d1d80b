"""智能法律文书: guided interviews that produce filing-ready documents (issue #7).

Question logic (interviews.py: questions, conditions, validation, help, review) is data,
kept apart from the documents' wording (templates/documents/wording/*.txt) and from the
output formats (render.py: DOCX and PDF from the same blocks), as docassemble does.
"""
