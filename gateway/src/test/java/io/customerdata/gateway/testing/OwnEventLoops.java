package io.customerdata.gateway.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * For a gateway a test starts and closes itself, beside others in the same JVM: event
 * loops and connection pools of its own. With Reactor Netty's global ones (Spring Boot's
 * default), closing one gateway disposes them under every other gateway still running.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OwnEventLoops {

	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory resources = new ReactorResourceFactory();
		resources.setUseGlobalResources(false);
		return resources;
	}

}
