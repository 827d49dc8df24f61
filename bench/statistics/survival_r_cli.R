# Whole-process R twin of one `orthoregen` command (read CSV, fit, print): Rscript survival_r_cli.R DIR km|cox|logit
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
switch(args[2],
  km = { d <- read.csv(file.path(dir, "km.csv")); print(survfit(Surv(time, event) ~ group, data = d)); print(survdiff(Surv(time, event) ~ group, data = d)) },
  cox = { d <- read.csv(file.path(dir, "cox.csv")); print(summary(coxph(Surv(time, event) ~ age + dose + kl + bmi, data = d))) },
  logit = { d <- read.csv(file.path(dir, "logit.csv")); print(summary(glm(mcid ~ age + dose + kl + bmi + female + baseline, family = binomial, data = d))) })
