package org.neurojepa.service;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The service: a DICOM node, the study pipeline, and the admin API, wired from the modules. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NeuroJepaApplication {}
