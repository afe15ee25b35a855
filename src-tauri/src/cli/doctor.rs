//! `rc-onboard doctor`: pass / warn / fail lines with fix hints for everything onboarding depends
//! on. Exits 1 when a check fails.

use clap::Args;
use rc_onboard_delivery::Outbox;
use rc_onboard_doctor::{render_json, render_text, DoctorInputs};
use rc_onboard_verify::Profile;

use super::output::{usage_error, JsonShape, Output};
use super::GlobalOptions;
use crate::exit::Exit;

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Print exactly one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(global: &GlobalOptions, args: &DoctorArgs) -> Exit {
    let Some(path) = &global.profile else {
        return usage_error(
            Output::new(args.json, JsonShape::Plain),
            "doctor needs the provider profile: add --profile FILE",
        );
    };
    let data_dir = crate::environment::data_dir(global);
    let inputs = DoctorInputs::new(
        Profile::load(path),
        crate::environment::keyring(),
        Outbox::open(&data_dir),
    );
    let json = args.json;
    let report = rc_onboard_doctor::run(inputs, |check| {
        if !json {
            eprintln!("checked {}", check.title);
        }
    })
    .await;
    if json {
        println!("{}", render_json(&report));
    } else {
        print!("{}", render_text(&report));
    }
    if report.ok() {
        Exit::Ok
    } else {
        Exit::Refused
    }
}
