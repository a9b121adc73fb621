package com.bakeryia.pos.configuration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reads the credentials encryption key at start-up; a missing or malformed key stops the service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PosCredentialsProperties.class)
class PosCredentialsConfiguration {

    @Bean
    CredentialsCipher credentialsCipher(PosCredentialsProperties properties) {
        return CredentialsCipher.fromBase64Key(properties.encryptionKey());
    }
}
