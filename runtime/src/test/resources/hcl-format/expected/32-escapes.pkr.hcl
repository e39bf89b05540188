a = "tab\there \"quoted\" \\ \u00e9"
b = ""
