# Fixed reference results for OrthoRegen's meta-analysis tests, from datasets that ship with metafor.
# Produced with: R 4.2.2 Patched (2022-11-10 r83330), metafor 3.8.1 (Debian r-cran-metafor).
#
# usage (from this folder): Rscript meta_reference.R
# writes published/{bcg,normand1999}.csv (inputs in OrthoRegen's CSV layout), published/manifest.csv (the analyses)
# and published/results.csv (every reported value, 17 significant digits) by running meta_oracle.R on them.
suppressMessages(library(metafor))
out <- "published"
dir.create(out, showWarnings = FALSE)

# BCG vaccine trials (Colditz et al. 1994): arm 1 vaccinated. x = absolute latitude, g = allocation method.
b <- dat.bcg
write.csv(data.frame(study = paste(b$author, b$year), events1 = b$tpos, n1 = b$tpos + b$tneg,
                     events2 = b$cpos, n2 = b$cpos + b$cneg, g = b$alloc, x = b$ablat),
          file.path(out, "bcg.csv"), row.names = FALSE, quote = FALSE)

# Normand (1999): length of stay after stroke, specialist (arm 1) vs routine care; g = source of the study.
n <- dat.normand1999
write.csv(data.frame(study = gsub(",", "", n$study), n1 = n$n1i, m1 = n$m1i, sd1 = n$sd1i,
                     n2 = n$n2i, m2 = n$m2i, sd2 = n$sd2i, g = n$source),
          file.path(out, "normand1999.csv"), row.names = FALSE, quote = FALSE)

man <- read.csv(text = "
id,measure,method,test,file,sub,mod,egger,tf,l1o,cumul
bcg_RR_REML_z,RR,REML,z,bcg.csv,1,1,1,1,1,1
bcg_RR_DL_knha,RR,DL,knha,bcg.csv,1,1,1,1,1,1
bcg_OR_FE_z,OR,FE,z,bcg.csv,1,1,1,1,1,1
bcg_RR_ML_z,RR,ML,z,bcg.csv,0,1,0,0,0,0
bcg_RR_PM_z,RR,PM,z,bcg.csv,0,0,0,0,0,0
bcg_RR_HE_z,RR,HE,z,bcg.csv,0,0,0,0,0,0
bcg_RR_SJ_knha,RR,SJ,knha,bcg.csv,0,0,0,0,0,0
normand_SMD_REML_z,SMD,REML,z,normand1999.csv,1,0,1,1,1,1
normand_MD_DL_z,MD,DL,z,normand1999.csv,1,0,1,1,1,1
normand_SMD_PM_knha,SMD,PM,knha,normand1999.csv,1,0,1,1,1,1
", colClasses = "character")
write.csv(man, file.path(out, "manifest.csv"), row.names = FALSE, quote = FALSE)
status <- system2(file.path(R.home("bin"), "Rscript"), c("--vanilla", "meta_oracle.R", out))
if (status != 0) stop("meta_oracle.R failed")
