package io.customerdata.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Customer Data Gateway: one reverse proxy in front of every departmental application,
 * deciding per caller, purpose and customer which data may leave.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CustomerDataGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(CustomerDataGatewayApplication.class, args);
	}

}
