package io.customerdata.benchmarks.bare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway with nothing of ours: the route is in {@code application.yml}.
 * What the gateway costs beyond this is what our features cost (benchmarks/ladder.sh).
 */
@SpringBootApplication
public class BareGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareGatewayApplication.class, args);
	}

}
