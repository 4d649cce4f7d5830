package io.customerdata.departments;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Stand-ins for the organisation's departmental applications. One process serves one
 * department, chosen by {@code department.name} ({@code crm}, {@code marketing} or
 * {@code support}); each speaks its own JSON dialect, as separate products do.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleDepartmentsApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleDepartmentsApplication.class, args);
	}

}
