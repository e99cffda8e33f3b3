package io.llmcache.system;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The health endpoints on the callers' port too, where clients and scripts that wait for
 * the service have always asked them: Actuator itself answers on the management port
 * only, for its metrics name every tenant's namespaces, but health says nothing of any
 * tenant (never its details). Answered by Actuator's own health endpoint, so both ports
 * give the same status and code.
 */
@Hidden
@RestController
class HealthOnServerPort {

	private final HealthEndpointWebExtension health;

	HealthOnServerPort(HealthEndpointWebExtension health) {
		this.health = health;
	}

	@GetMapping({ "/actuator/health", "/actuator/health/{group}" })
	ResponseEntity<?> health(@PathVariable(required = false) String group) {
		WebEndpointResponse<HealthDescriptor> answer = (group != null)
				? this.health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE, group)
				: this.health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE);
		if (answer.getBody() == null) {
			return ResponseEntity.status(ProblemType.NOT_FOUND.status())
				.body(ProblemType.NOT_FOUND.problem("No such health group", null));
		}
		return ResponseEntity.status(answer.getStatus()).body(answer.getBody());
	}

}
