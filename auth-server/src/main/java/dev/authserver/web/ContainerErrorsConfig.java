package dev.authserver.web;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import dev.authserver.protocol.ProtocolPaths;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Puts {@link ContainerErrorReportValve} in place of Tomcat's error report, so that what
 * the container answers itself follows the application's rules.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorsConfig {

	/**
	 * Boot adds a plain {@link ErrorReportValve} to the host from a context customizer of
	 * its own ({@code TomcatWebServerFactoryCustomizer}, for
	 * {@code server.error.include-stacktrace=never}), and the host adds one at start
	 * unless one of its configured class is there. Ordered last, this runs after Boot's,
	 * takes out every error report already in the pipeline and names ours as the host's,
	 * so exactly one reports. Both the inner valve reporting first and a second one added
	 * at start would bring Tomcat's HTML back; RequestSizeLimitTests and
	 * MalformedRequestTests fail then.
	 */
	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> containerErrorReport(
			AuthorizationServerSettings settings) {
		ProtocolPaths protocolPaths = ProtocolPaths.of(settings);
		return new Customizer(protocolPaths);
	}

	private record Customizer(ProtocolPaths protocolPaths)
			implements
				WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>,
				Ordered {

		@Override
		public void customize(ConfigurableTomcatWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				Host host = (Host) context.getParent();
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.getPipeline().addValve(new ContainerErrorReportValve(this.protocolPaths));
				if (host instanceof StandardHost standardHost) {
					standardHost.setErrorReportValveClass(ContainerErrorReportValve.class.getName());
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
