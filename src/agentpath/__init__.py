"""AgentPath (坐席职途): career development and talent management for contact-center staff."""
