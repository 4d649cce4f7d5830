package io.customerdata.gateway.security;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** A verified token together with the {@link Subject} read from it once. */
public final class SubjectAuthentication extends JwtAuthenticationToken {

	private final Subject subject;

	SubjectAuthentication(Jwt jwt, Subject subject) {
		super(jwt, subject.roles().stream().map((role) -> new SimpleGrantedAuthority("ROLE_" + role)).toList(),
				subject.username());
		this.subject = subject;
	}

	public Subject subject() {
		return this.subject;
	}

	@Override
	public boolean equals(Object obj) {
		return super.equals(obj) && obj instanceof SubjectAuthentication other && this.subject.equals(other.subject);
	}

	@Override
	public int hashCode() {
		return 31 * super.hashCode() + this.subject.hashCode();
	}

}
