package dev.authserver.samples.downstreamapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A sample API behind the resource server: it accepts only access tokens whose audience
 * is itself, which the resource server obtains by token exchange (RFC 8693), and says
 * whom a token is for and who acts for them.
 */
@SpringBootApplication
public class DownstreamApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(DownstreamApiApplication.class, args);
	}

}
