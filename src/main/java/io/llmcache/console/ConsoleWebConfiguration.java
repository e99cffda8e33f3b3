package io.llmcache.console;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the console's page at {@code /console/}: its files are static resources of the
 * jar ({@code static/console/}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleWebConfiguration implements WebMvcConfigurer {

	@Bean
	FilterRegistrationBean<ConsoleHeadersFilter> consoleHeadersFilter(ConsoleProperties properties) {
		FilterRegistrationBean<ConsoleHeadersFilter> registration = new FilterRegistrationBean<>(
				new ConsoleHeadersFilter(properties.enabled()));
		registration.addUrlPatterns("/console", "/console/*");
		return registration;
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/console", "/console/");
		registry.addViewController("/console/").setViewName("forward:/console/index.html");
	}

}
