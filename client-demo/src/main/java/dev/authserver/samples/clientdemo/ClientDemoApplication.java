package dev.authserver.samples.clientdemo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A sample web app that signs users in through the auth-server and calls the
 * resource-server with their token.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ClientDemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(ClientDemoApplication.class, args);
	}

}
