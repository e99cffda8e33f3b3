package bench;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor's endpoints. Each reads the whole request body, as the service does, and does
 * exactly one Redis command:
 * <ul>
 * <li>{@code POST /floor/get/{name}}: one {@code GET floor:get:<name>}, answered as
 * {@code application/json} as stored. The floor of a lookup: the benchmark seeds the
 * value with the service's own exact-hit answer, so both send the same bytes in and
 * out.</li>
 * <li>{@code POST /floor/set/{name}}: one {@code SET floor:set:<name> <body>}, answered
 * with 201 and a small JSON. The floor of a store: the body is the service's store
 * request.</li>
 * <li>{@code PUT /floor/value/{name}}: seeds the value that {@code /floor/get/{name}}
 * returns.</li>
 * </ul>
 */
@RestController
@RequestMapping("/floor")
class FloorController {

	private static final String STORED = "{\"stored\":true}";

	private final StringRedisTemplate redis;

	FloorController(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@PostMapping(path = "/get/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> get(@PathVariable String name, @RequestBody String body) {
		String value = this.redis.opsForValue().get("floor:get:" + name);
		return (value != null) ? ResponseEntity.ok(value) : ResponseEntity.notFound().build();
	}

	@PostMapping(path = "/set/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> set(@PathVariable String name, @RequestBody String body) {
		this.redis.opsForValue().set("floor:set:" + name, body);
		return ResponseEntity.status(HttpStatus.CREATED).body(STORED);
	}

	@PutMapping("/value/{name}")
	ResponseEntity<Void> seed(@PathVariable String name, @RequestBody String value) {
		this.redis.opsForValue().set("floor:get:" + name, value);
		return ResponseEntity.noContent().build();
	}

}
