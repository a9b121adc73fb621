package com.bakeryia.orchestrator.execution;

import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.JobsProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
class ExecutionConfiguration {

    @Bean
    JobRunner jobRunner(
            JobStore jobs,
            ServiceRegistry registry,
            ServiceClient client,
            DeletionJobMetrics metrics,
            Clock clock,
            JobsProperties properties,
            WorkerProperties worker) {
        return new JobRunner(
                jobs,
                registry,
                client,
                metrics,
                clock,
                new StepBackoff(properties.retry(), RandomGenerator.getDefault()),
                worker.maxParallelSteps());
    }

    @Bean
    JobWorker jobWorker(
            WorkerProperties properties, JobStore leases, JobRunner runner, DeletionJobMetrics metrics, Clock clock) {
        String id = StringUtils.hasText(properties.id()) ? properties.id() : defaultWorkerId();
        return new JobWorker(id, leases, runner, properties, metrics);
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException ex) {
            host = "orchestrator";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
