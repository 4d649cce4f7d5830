package io.customerdata.gateway.enforcement;

import io.customerdata.gateway.sources.FederationProperties;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * One pass-through route per source: {@code /api/v1/departments/{id}/rest} is proxied to
 * {@code {baseUrl}/rest}, within the source's own connect and response timeouts.
 */
@Configuration(proxyBeanMethods = false)
class DepartmentRoutes {

	static final String PREFIX = "/api/v1/departments/";

	/** The route metadata key holding the source id. */
	static final String SOURCE = "source";

	@Bean
	RouteLocator departmentRouteLocator(RouteLocatorBuilder builder, FederationProperties federation) {
		RouteLocatorBuilder.Builder routes = builder.routes();
		federation.sources()
			.forEach((id, source) -> routes.route("department-" + id,
					(route) -> route.path(PREFIX + id, PREFIX + id + "/**")
						.and()
						.method(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
								HttpMethod.DELETE)
						.filters((filters) -> filters.rewritePath(PREFIX + id + "/?(?<rest>.*)", "/${rest}"))
						.metadata(SOURCE, id)
						.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) source.connectTimeout().toMillis())
						.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, source.responseTimeout().toMillis())
						.uri(source.baseUrl())));
		return routes.build();
	}

}
